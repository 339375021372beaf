import { queryOptions, useQuery } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { PairAvailabilitySchema, type PairAvailability } from '@/types/api'
import { availabilityKeys } from './keys'

export function getAvailability(
  storeId: string,
  productId: string,
  horizon: number,
  signal?: AbortSignal,
): Promise<PairAvailability> {
  return requestMessage(PairAvailabilitySchema, '/model-selection/availability', {
    query: { store_id: storeId, product_id: productId, forecast_horizon: horizon },
    signal,
  })
}

export const availabilityQueryOptions = (storeId: string, productId: string, horizon: number) =>
  queryOptions({
    queryKey: availabilityKeys.pair(storeId, productId, horizon),
    queryFn: ({ signal }) => getAvailability(storeId, productId, horizon, signal),
    staleTime: 60_000,
  })

/** Enabled only once a pair and a valid horizon are chosen. */
export function useAvailability(storeId?: string, productId?: string, horizon?: number) {
  const enabled = !!storeId && !!productId && horizon !== undefined
  return useQuery({
    ...availabilityQueryOptions(storeId ?? '', productId ?? '', horizon ?? 0),
    enabled,
  })
}
