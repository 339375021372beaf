/** The one query-key factory of the catalog feature. */
export const catalogKeys = {
  all: ['catalog'] as const,
  stores: (search: string) => [...catalogKeys.all, 'stores', search] as const,
  products: (search: string) => [...catalogKeys.all, 'products', search] as const,
}
