import { ChevronsUpDown } from 'lucide-react'
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { cn } from '@/lib/utils'
import { Spinner } from './spinner'

export interface ComboboxItem {
  value: string
  label: string
  hint?: string
}

export interface ComboboxProps {
  id: string
  /** The chosen item's text, shown while the input is not being edited. */
  selectedLabel: string
  /** Called (debounce it upstream) with the typed text; the caller fetches matching items. */
  query: string
  onQueryChange: (q: string) => void
  items: ComboboxItem[]
  onSelect: (item: ComboboxItem) => void
  loading?: boolean
  /** Shown inside the list instead of items (e.g. a fetch error). */
  message?: string
  placeholder?: string
  describedBy?: string
  invalid?: boolean
}

/**
 * An ARIA 1.2 combobox (editable input + listbox). Items come from the caller, so the search
 * can happen on the server. Keyboard: arrows move, Enter picks, Escape closes.
 */
export function Combobox({
  id,
  selectedLabel,
  query,
  onQueryChange,
  items,
  onSelect,
  loading,
  message,
  placeholder,
  describedBy,
  invalid,
}: ComboboxProps) {
  const listId = useId()
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const [editing, setEditing] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)

  useEffect(() => setActive(0), [items])

  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) {
        setOpen(false)
        setEditing(false)
      }
    }
    document.addEventListener('mousedown', onDown)
    return () => document.removeEventListener('mousedown', onDown)
  }, [open])

  const pick = (item: ComboboxItem) => {
    onSelect(item)
    setOpen(false)
    setEditing(false)
    onQueryChange('')
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      if (!open) setOpen(true)
      else setActive((a) => Math.min(items.length - 1, a + 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => Math.max(0, a - 1))
    } else if (e.key === 'Enter') {
      if (open && items[active]) {
        e.preventDefault()
        pick(items[active])
      }
    } else if (e.key === 'Escape') {
      setOpen(false)
      setEditing(false)
    }
  }

  const activeId = open && items[active] ? `${listId}-opt-${active}` : undefined
  return (
    <div ref={rootRef} className="relative">
      <input
        id={id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        autoComplete="off"
        placeholder={placeholder}
        value={editing ? query : selectedLabel}
        onFocus={() => {
          setEditing(true)
          setOpen(true)
        }}
        onChange={(e) => {
          setEditing(true)
          setOpen(true)
          onQueryChange(e.target.value)
        }}
        onKeyDown={onKeyDown}
        className="flex h-9 w-full rounded-md border border-input bg-card py-1 pr-8 pl-3 text-sm placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring aria-invalid:border-destructive"
      />
      <span className="pointer-events-none absolute top-2.5 right-2 text-muted-foreground">
        {loading ? <Spinner /> : <ChevronsUpDown className="size-4" />}
      </span>
      {open && (
        <ul
          id={listId}
          role="listbox"
          className="absolute z-30 mt-1 max-h-64 w-full overflow-auto rounded-md border bg-card p-1 text-sm shadow-lg"
        >
          {message ? (
            <li className="px-2 py-1.5 text-muted-foreground">{message}</li>
          ) : items.length === 0 ? (
            <li className="px-2 py-1.5 text-muted-foreground">{loading ? 'Searching…' : 'No matches'}</li>
          ) : (
            items.map((item, i) => (
              <li
                key={item.value}
                id={`${listId}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(item)}
                onMouseEnter={() => setActive(i)}
                className={cn(
                  'flex cursor-pointer items-baseline justify-between gap-2 rounded px-2 py-1.5',
                  i === active && 'bg-accent text-accent-foreground',
                )}
              >
                <span className="truncate">{item.label}</span>
                {item.hint && <span className="shrink-0 text-xs text-muted-foreground">{item.hint}</span>}
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  )
}
