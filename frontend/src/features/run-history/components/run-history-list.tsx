import { ChevronLeft, ChevronRight, Columns2, History, RefreshCw } from 'lucide-react'
import { useId, useState } from 'react'
import { ProblemAlert } from '@/components/problem-alert'
import { ConfidenceBadge, RunStatusBadge } from '@/components/run-status-badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { IsoDateInput } from '@/components/ui/iso-date-input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime, formatRelative, toDate } from '@/lib/format'
import { cn } from '@/lib/utils'
import { ConfidenceLevel, type RunSummary } from '@/types/api'
import { useRuns, type RunFilters } from '../api/list-runs'

export const STATUS_OPTIONS = ['pending', 'running', 'completed', 'partial', 'failed', 'cancelled'] as const

const DAY = /^\d{4}-\d{2}-\d{2}$/

function isDay(s: string): boolean {
  if (!DAY.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Why the date range cannot be sent, if it cannot. */
export function dateRangeError(from: string, to: string): string | undefined {
  if (from && !isDay(from)) return 'Write Created from as YYYY-MM-DD, e.g. 2026-06-30.'
  if (to && !isDay(to)) return 'Write Created to as YYYY-MM-DD, e.g. 2026-06-30.'
  if (from && to && from > to) return 'From must not be after To.'
  return undefined
}

function pairNames(r: RunSummary) {
  return {
    store: r.storeName || `Store #${r.storeId}`,
    storeCode: r.storeCode,
    product: r.productName || `Product #${r.productId}`,
    productSku: r.productSku,
  }
}

/**
 * Run history: filtered by pair (the chosen one or all), status and the day created, newest first,
 * a page at a time; each run opens its results, and two checked runs can be compared.
 */
export function RunHistoryList({
  storeId,
  productId,
  selectedId,
  onOpen,
  onCompare,
  labelOf,
}: {
  storeId?: string
  productId?: string
  selectedId?: string
  onOpen: (selectionId: string) => void
  /** opens the side-by-side view of two runs; without it runs cannot be checked */
  onCompare?: (ids: [string, string]) => void
  /** the catalog's display name of a model_type, the same one the results use */
  labelOf: (modelType: string) => string
}) {
  const uid = useId()
  const hasPair = !!(storeId && productId)
  const [allPairs, setAllPairs] = useState(false)
  const [status, setStatus] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  // The tokens of the pages before the one shown ('' is the first page), and the shown one's.
  const [pages, setPages] = useState<string[]>([])
  const [token, setToken] = useState('')
  const [checked, setChecked] = useState<string[]>([])

  // A date being typed is not an error yet: only once it is whole (10 characters) or left.
  const [left, setLeft] = useState({ from: false, to: false })
  const rangeError = dateRangeError(from, to)
  const shownRangeError = dateRangeError(left.from || from.length >= 10 ? from : '', left.to || to.length >= 10 ? to : '')
  const pairScoped = hasPair && !allPairs
  const filters: RunFilters = {
    storeId: pairScoped ? storeId : '',
    productId: pairScoped ? productId : '',
    status,
    createdFrom: rangeError ? '' : from,
    createdTo: rangeError ? '' : to,
  }
  const filterKey = JSON.stringify(filters)
  // A changed filter starts again at the first page.
  const [shownKey, setShownKey] = useState(filterKey)
  if (shownKey !== filterKey) {
    setShownKey(filterKey)
    setPages([])
    setToken('')
  }
  const runs = useRuns(filters, token)
  const scope = pairScoped ? 'for this pair' : 'all pairs'
  const filtered = !!(status || filters.createdFrom || filters.createdTo)

  const toggle = (id: string, on: boolean) =>
    setChecked((c) => (on ? (c.includes(id) ? c : [...c, id].slice(-2)) : c.filter((x) => x !== id)))

  let body
  if (runs.isPending) {
    body = (
      <div className="space-y-2" aria-busy="true" aria-label="Loading run history">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-12" />
        ))}
      </div>
    )
  } else if (runs.isError) {
    body = <ProblemAlert error={runs.error} title="Run history unavailable" />
  } else if (runs.data.runs.length === 0) {
    body = (
      <p className="text-sm text-muted-foreground" data-testid="history-empty">
        {filtered ? `No runs match these filters (${scope}).` : `No runs yet ${scope}.`}
      </p>
    )
  } else {
    const now = new Date()
    body = (
      <ul className={cn('space-y-1.5', runs.isPlaceholderData && 'opacity-60')} data-testid="history-list" aria-busy={runs.isPlaceholderData || undefined}>
        {runs.data.runs.map((r) => {
          const created = toDate(r.createdAt)
          const active = r.selectionId === selectedId
          const names = pairNames(r)
          const isChecked = checked.includes(r.selectionId)
          return (
            <li key={r.selectionId} className="flex items-start gap-2" data-testid="history-row">
              {onCompare && (
                <input
                  type="checkbox"
                  className="mt-3 size-4 shrink-0 accent-primary"
                  checked={isChecked}
                  disabled={!isChecked && checked.length >= 2}
                  onChange={(e) => toggle(r.selectionId, e.target.checked)}
                  aria-label={`Compare run ${r.selectionId.slice(0, 8)} (${names.store}, ${names.product})`}
                />
              )}
              <button
                type="button"
                onClick={() => onOpen(r.selectionId)}
                aria-current={active || undefined}
                className={cn(
                  'min-w-0 flex-1 rounded-md border px-2.5 py-2 text-left text-sm hover:bg-muted/60 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                  active && 'border-primary bg-primary/5',
                )}
              >
                <div className="flex flex-wrap items-center justify-between gap-1">
                  <RunStatusBadge status={r.status} />
                  <time className="text-xs text-muted-foreground" dateTime={created?.toISOString()} title={formatDateTime(created)}>
                    {formatRelative(created, now)}
                  </time>
                </div>
                <div className="mt-1 text-sm" data-testid="history-pair">
                  <span className="font-medium">{names.store}</span>
                  {names.storeCode && <span className="text-xs text-muted-foreground"> {names.storeCode}</span>}
                  {' · '}
                  <span className="font-medium">{names.product}</span>
                  {names.productSku && <span className="text-xs text-muted-foreground"> {names.productSku}</span>}
                </div>
                <div className="mt-1 flex flex-wrap items-center gap-1.5">
                  <span>{r.winnerModelType ? labelOf(r.winnerModelType) : 'no winner'}</span>
                  {r.winnerModelType && r.recommendationConfidence !== ConfidenceLevel.UNSPECIFIED && (
                    <ConfidenceBadge level={r.recommendationConfidence} />
                  )}
                </div>
                <div className="mt-0.5 text-xs text-muted-foreground">
                  <code>{r.selectionId.slice(0, 8)}</code>
                </div>
              </button>
            </li>
          )
        })}
      </ul>
    )
  }

  const nextToken = runs.data?.nextPageToken ?? ''
  const pageNo = pages.length + 1
  return (
    <Card aria-labelledby="history-title" data-testid="history-card">
      <CardHeader className="flex-row items-start justify-between gap-2">
        <div>
          <CardTitle id="history-title" className="flex items-center gap-1.5">
            <History className="size-4" aria-hidden /> Run history
          </CardTitle>
          <CardDescription>Runs {scope}, newest first.</CardDescription>
        </div>
        <Button variant="ghost" size="icon" aria-label="Refresh run history" onClick={() => runs.refetch()} disabled={runs.isFetching}>
          <RefreshCw className={cn(runs.isFetching && 'animate-spin')} />
        </Button>
      </CardHeader>
      <CardContent className="space-y-3">
        <fieldset className="grid grid-cols-2 gap-2" data-testid="history-filters">
          <legend className="sr-only">Filter the run history</legend>
          <div className="space-y-1">
            <Label htmlFor={`${uid}-pair`}>Pair</Label>
            <NativeSelect
              id={`${uid}-pair`}
              value={pairScoped ? 'pair' : 'all'}
              onChange={(e) => setAllPairs(e.target.value === 'all')}
              disabled={!hasPair}
            >
              {hasPair && <option value="pair">This pair</option>}
              <option value="all">All pairs</option>
            </NativeSelect>
          </div>
          <div className="space-y-1">
            <Label htmlFor={`${uid}-status`}>Status</Label>
            <NativeSelect id={`${uid}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">Any status</option>
              {STATUS_OPTIONS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </NativeSelect>
          </div>
          <div className="space-y-1">
            <Label htmlFor={`${uid}-from`}>Created from</Label>
            <IsoDateInput
              id={`${uid}-from`}
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              onBlur={() => setLeft((l) => ({ ...l, from: true }))}
              aria-invalid={!!shownRangeError || undefined}
              aria-describedby={shownRangeError ? `${uid}-range-error` : undefined}
            />
          </div>
          <div className="space-y-1">
            <Label htmlFor={`${uid}-to`}>Created to</Label>
            <IsoDateInput
              id={`${uid}-to`}
              value={to}
              onChange={(e) => setTo(e.target.value)}
              onBlur={() => setLeft((l) => ({ ...l, to: true }))}
              aria-invalid={!!shownRangeError || undefined}
              aria-describedby={shownRangeError ? `${uid}-range-error` : undefined}
            />
          </div>
          {shownRangeError && (
            <p id={`${uid}-range-error`} className="col-span-2 text-xs text-destructive" role="alert">
              {shownRangeError} The dates are not applied.
            </p>
          )}
        </fieldset>
        {body}
        <div className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex items-center gap-1">
            <Button
              variant="outline"
              size="sm"
              disabled={pages.length === 0}
              onClick={() => {
                setToken(pages[pages.length - 1] ?? '')
                setPages(pages.slice(0, -1))
              }}
            >
              <ChevronLeft aria-hidden /> Previous page
            </Button>
            <Button
              variant="outline"
              size="sm"
              disabled={!nextToken || runs.isPlaceholderData}
              onClick={() => {
                setPages([...pages, token])
                setToken(nextToken)
              }}
            >
              Next page <ChevronRight aria-hidden />
            </Button>
            <span className="text-xs text-muted-foreground" data-testid="history-page">
              Page {pageNo}
            </span>
          </div>
          {onCompare && (
            <div className="flex items-center gap-1">
              {checked.length > 0 && (
                <Button variant="ghost" size="sm" onClick={() => setChecked([])} aria-label="Clear checked runs">
                  Clear
                </Button>
              )}
              <Button
                size="sm"
                disabled={checked.length !== 2}
                onClick={() => onCompare([checked[0], checked[1]])}
                title={checked.length === 2 ? undefined : 'Check two runs to compare them'}
              >
                <Columns2 aria-hidden /> Compare{checked.length > 0 && ` (${checked.length}/2)`}
              </Button>
            </div>
          )}
        </div>
      </CardContent>
    </Card>
  )
}
