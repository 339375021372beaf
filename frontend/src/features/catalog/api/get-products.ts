import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { ListProductsResponseSchema, type ListProductsResponse } from '@/types/api'
import { CATALOG_PAGE_SIZE } from './get-stores'
import { catalogKeys } from './keys'

export function getProducts(search: string, signal?: AbortSignal): Promise<ListProductsResponse> {
  return requestMessage(ListProductsResponseSchema, '/products', {
    query: { search, page_size: CATALOG_PAGE_SIZE },
    signal,
  })
}

export const productsQueryOptions = (search: string) =>
  queryOptions({
    queryKey: catalogKeys.products(search),
    queryFn: ({ signal }) => getProducts(search, signal),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  })

export function useProducts(search: string, enabled = true) {
  return useQuery({ ...productsQueryOptions(search), enabled })
}
