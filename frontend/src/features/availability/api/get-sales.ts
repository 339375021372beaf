import { queryOptions, useQuery } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { GetSalesResponseSchema, type GetSalesResponse } from '@/types/api'
import { availabilityKeys } from './keys'

export function getSales(storeId: string, productId: string, signal?: AbortSignal): Promise<GetSalesResponse> {
  return requestMessage(GetSalesResponseSchema, '/sales', {
    query: { store_id: storeId, product_id: productId },
    signal,
  })
}

export const salesQueryOptions = (storeId: string, productId: string) =>
  queryOptions({
    queryKey: availabilityKeys.sales(storeId, productId),
    queryFn: ({ signal }) => getSales(storeId, productId, signal),
    staleTime: 5 * 60_000,
  })

export function useSales(storeId?: string, productId?: string) {
  return useQuery({ ...salesQueryOptions(storeId ?? '', productId ?? ''), enabled: !!storeId && !!productId })
}
