import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { ListRunsResponseSchema, type ListRunsResponse } from '@/types/api'
import { runHistoryKeys } from './keys'

export const HISTORY_PAGE_SIZE = 20

/** The history's filters; empty strings mean "any". Dates are inclusive UTC days, YYYY-MM-DD. */
export interface RunFilters {
  storeId: string
  productId: string
  /** a run state's short name (completed, failed, …) */
  status: string
  createdFrom: string
  createdTo: string
}

export const NO_FILTERS: RunFilters = { storeId: '', productId: '', status: '', createdFrom: '', createdTo: '' }

/** GET /model-selection/runs: newest first, one page of HISTORY_PAGE_SIZE from `pageToken`. */
export function listRuns(filters: RunFilters, pageToken = '', signal?: AbortSignal): Promise<ListRunsResponse> {
  return requestMessage(ListRunsResponseSchema, '/model-selection/runs', {
    query: {
      store_id: filters.storeId || undefined,
      product_id: filters.productId || undefined,
      status: filters.status || undefined,
      created_from: filters.createdFrom || undefined,
      created_to: filters.createdTo || undefined,
      page_size: HISTORY_PAGE_SIZE,
      page_token: pageToken || undefined,
    },
    signal,
  })
}

export const runsQueryOptions = (filters: RunFilters, pageToken = '') =>
  queryOptions({
    queryKey: runHistoryKeys.list(filters, pageToken),
    queryFn: ({ signal }) => listRuns(filters, pageToken, signal),
    staleTime: 10_000,
  })

export function useRuns(filters: RunFilters, pageToken = '') {
  // The page shown stays while the next one (or a new filter's) loads.
  return useQuery({ ...runsQueryOptions(filters, pageToken), placeholderData: keepPreviousData })
}
