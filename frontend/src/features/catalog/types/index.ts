/** A chosen store or product: the id (int64 as a decimal string) and its display text. */
export interface CatalogChoice {
  id: string
  label: string
}
