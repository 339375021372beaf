import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { ListStoresResponseSchema, type ListStoresResponse } from '@/types/api'
import { catalogKeys } from './keys'

export const CATALOG_PAGE_SIZE = 50

export function getStores(search: string, signal?: AbortSignal): Promise<ListStoresResponse> {
  return requestMessage(ListStoresResponseSchema, '/stores', {
    query: { search, page_size: CATALOG_PAGE_SIZE },
    signal,
  })
}

export const storesQueryOptions = (search: string) =>
  queryOptions({
    queryKey: catalogKeys.stores(search),
    queryFn: ({ signal }) => getStores(search, signal),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  })

export function useStores(search: string, enabled = true) {
  return useQuery({ ...storesQueryOptions(search), enabled })
}
