import { queryOptions, useQuery } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { ListRunsResponseSchema, type ListRunsResponse } from '@/types/api'
import { runHistoryKeys } from './keys'

export const HISTORY_PAGE_SIZE = 20

/** GET /model-selection/runs: newest first. Empty ids mean "all pairs". */
export function listRuns(storeId: string, productId: string, signal?: AbortSignal): Promise<ListRunsResponse> {
  return requestMessage(ListRunsResponseSchema, '/model-selection/runs', {
    query: { store_id: storeId, product_id: productId, page_size: HISTORY_PAGE_SIZE },
    signal,
  })
}

export const runsQueryOptions = (storeId: string, productId: string) =>
  queryOptions({
    queryKey: runHistoryKeys.list(storeId, productId),
    queryFn: ({ signal }) => listRuns(storeId, productId, signal),
    staleTime: 10_000,
  })

export function useRuns(storeId?: string, productId?: string) {
  return useQuery(runsQueryOptions(storeId ?? '', productId ?? ''))
}
