/** The one query-key factory of the availability feature. */
export const availabilityKeys = {
  all: ['availability'] as const,
  pair: (storeId: string, productId: string, horizon: number) =>
    [...availabilityKeys.all, 'pair', storeId, productId, horizon] as const,
  sales: (storeId: string, productId: string) =>
    [...availabilityKeys.all, 'sales', storeId, productId] as const,
}
