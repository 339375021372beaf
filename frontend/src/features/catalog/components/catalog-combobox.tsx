import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query'
import { useState } from 'react'
import { Combobox, type ComboboxItem } from '@/components/ui/combobox'
import { errorMessage } from '@/lib/api-error'
import { useDebouncedValue } from '@/lib/use-debounced-value'
import { productsQueryOptions } from '../api/get-products'
import { storesQueryOptions } from '../api/get-stores'
import type { CatalogChoice } from '../types'

export function storeLabel(s: { code: string; name: string }): string {
  return `${s.code} · ${s.name}`
}

export function productLabel(p: { sku: string; name: string }): string {
  return `${p.sku} · ${p.name}`
}

/** What the app passes to a catalog picker. */
export interface CatalogPickerProps {
  id: string
  value: CatalogChoice | null
  onChange: (choice: CatalogChoice) => void
  describedBy?: string
}

/** One page of a catalog list endpoint (GET /stores, GET /products). */
interface CatalogPage {
  totalSize: bigint
}

/** A picker over one catalog list endpoint, searched on the server (`?search=`). */
function CatalogCombobox<TPage extends CatalogPage, TKey extends QueryKey>({
  id,
  value,
  onChange,
  describedBy,
  queryOptions,
  toItems,
  noun,
  placeholder,
}: CatalogPickerProps & {
  /** the list query for a (debounced, trimmed) search text */
  queryOptions: (search: string) => UseQueryOptions<TPage, Error, TPage, TKey>
  toItems: (page: TPage) => ComboboxItem[]
  /** plural, for the error message */
  noun: string
  placeholder: string
}) {
  const [query, setQuery] = useState('')
  const search = useDebouncedValue(query.trim())
  const list = useQuery(queryOptions(search))
  const items = list.data ? toItems(list.data) : []
  const more = list.data && list.data.totalSize > BigInt(items.length)
  return (
    <div className="space-y-1">
      <Combobox
        id={id}
        selectedLabel={value?.label ?? ''}
        query={query}
        onQueryChange={setQuery}
        items={items}
        onSelect={(item) => onChange({ id: item.value, label: item.label })}
        loading={list.isFetching}
        message={list.isError ? `Could not load ${noun}: ${errorMessage(list.error)}` : undefined}
        placeholder={placeholder}
        describedBy={describedBy}
      />
      {more && (
        <p className="text-xs text-muted-foreground">
          Showing {items.length} of {list.data!.totalSize.toString()}; type to narrow.
        </p>
      )}
    </div>
  )
}

/** Store picker with server-side search (GET /stores?search=). */
export function StoreCombobox(props: CatalogPickerProps) {
  return (
    <CatalogCombobox
      {...props}
      queryOptions={storesQueryOptions}
      toItems={(page) =>
        page.stores.map((s) => ({
          value: s.id.toString(),
          label: storeLabel(s),
          hint: [s.city, s.region].filter(Boolean).join(', '),
        }))
      }
      noun="stores"
      placeholder="Search code, name, city…"
    />
  )
}

/** Product picker with server-side search (GET /products?search=). */
export function ProductCombobox(props: CatalogPickerProps) {
  return (
    <CatalogCombobox
      {...props}
      queryOptions={productsQueryOptions}
      toItems={(page) => page.products.map((p) => ({ value: p.id.toString(), label: productLabel(p), hint: p.category }))}
      noun="products"
      placeholder="Search SKU, name, category…"
    />
  )
}
