import { useState } from 'react'
import { Combobox } from '@/components/ui/combobox'
import { errorMessage } from '@/lib/api-error'
import { useDebouncedValue } from '@/lib/use-debounced-value'
import { useStores } from '../api/get-stores'
import type { CatalogChoice } from '../types'

export function storeLabel(s: { code: string; name: string }): string {
  return `${s.code} · ${s.name}`
}

/** Store picker with server-side search (GET /stores?search=). */
export function StoreCombobox({
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
  const stores = useStores(search)
  const items =
    stores.data?.stores.map((s) => ({
      value: s.id.toString(),
      label: storeLabel(s),
      hint: [s.city, s.region].filter(Boolean).join(', '),
    })) ?? []
  const more = stores.data && stores.data.totalSize > BigInt(items.length)
  return (
    <div className="space-y-1">
      <Combobox
        id={id}
        selectedLabel={value?.label ?? ''}
        query={query}
        onQueryChange={setQuery}
        items={items}
        onSelect={(item) => onChange({ id: item.value, label: item.label })}
        loading={stores.isFetching}
        message={stores.isError ? `Could not load stores: ${errorMessage(stores.error)}` : undefined}
        placeholder="Search code, name, city…"
        describedBy={describedBy}
      />
      {more && (
        <p className="text-xs text-muted-foreground">
          Showing {items.length} of {stores.data!.totalSize.toString()}; type to narrow.
        </p>
      )}
    </div>
  )
}
