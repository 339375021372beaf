import { useState } from 'react'
import { Combobox } from '@/components/ui/combobox'
import { errorMessage } from '@/lib/api-error'
import { useDebouncedValue } from '@/lib/use-debounced-value'
import { useProducts } from '../api/get-products'
import type { CatalogChoice } from '../types'

export function productLabel(p: { sku: string; name: string }): string {
  return `${p.sku} · ${p.name}`
}

/** Product picker with server-side search (GET /products?search=). */
export function ProductCombobox({
  id,
  value,
  onChange,
  describedBy,
}: {
  id: string
  value: CatalogChoice | null
  onChange: (choice: CatalogChoice) => void
  describedBy?: string
}) {
  const [query, setQuery] = useState('')
  const search = useDebouncedValue(query.trim())
  const products = useProducts(search)
  const items =
    products.data?.products.map((p) => ({
      value: p.id.toString(),
      label: productLabel(p),
      hint: p.category,
    })) ?? []
  const more = products.data && products.data.totalSize > BigInt(items.length)
  return (
    <div className="space-y-1">
      <Combobox
        id={id}
        selectedLabel={value?.label ?? ''}
        query={query}
        onQueryChange={setQuery}
        items={items}
        onSelect={(item) => onChange({ id: item.value, label: item.label })}
        loading={products.isFetching}
        message={products.isError ? `Could not load products: ${errorMessage(products.error)}` : undefined}
        placeholder="Search SKU, name, category…"
        describedBy={describedBy}
      />
      {more && (
        <p className="text-xs text-muted-foreground">
          Showing {items.length} of {products.data!.totalSize.toString()}; type to narrow.
        </p>
      )}
    </div>
  )
}
