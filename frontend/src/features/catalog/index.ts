// The catalog feature's public surface (the app composes features through these).
export { StoreCombobox, storeLabel } from './components/store-combobox'
export { ProductCombobox, productLabel } from './components/product-combobox'
export { useStores } from './api/get-stores'
export { useProducts } from './api/get-products'
export { catalogKeys } from './api/keys'
export type { CatalogChoice } from './types'
