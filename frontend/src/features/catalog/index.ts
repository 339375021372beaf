// The catalog feature's public surface (the app composes features through these).
export { ProductCombobox, productLabel, StoreCombobox, storeLabel } from './components/catalog-combobox'
export { useStores } from './api/get-stores'
export { useProducts } from './api/get-products'
export { catalogKeys } from './api/keys'
export type { CatalogChoice } from './types'
