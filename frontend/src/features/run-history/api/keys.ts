/** The one query-key factory of the run-history feature. */
export const runHistoryKeys = {
  all: ['run-history'] as const,
  list: (storeId: string, productId: string) => [...runHistoryKeys.all, 'list', storeId, productId] as const,
}
