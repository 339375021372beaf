import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { IsoDateInput } from '@/components/ui/iso-date-input'
import { FieldMessage, Label } from '@/components/ui/label'
import { ProductCombobox, StoreCombobox, type CatalogChoice } from '@/features/catalog'

export interface PairState {
  store: CatalogChoice | null
  product: CatalogChoice | null
  horizonText: string
  startDate: string
  endDate: string
}

export function parseHorizon(text: string): number | undefined {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return undefined
  const v = Number(t)
  return v >= 1 && v <= 90 ? v : undefined
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** "2026-02-30" and "2026-2-3" are not dates; "2026-02-28" is. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

export function windowError(start: string, end: string): string | undefined {
  if (!start || !end) return 'Choose both a start and an end date.'
  if (!isIsoDate(start) || !isIsoDate(end)) return 'Write dates as YYYY-MM-DD, e.g. 2026-06-30.'
  if (end <= start) return 'The end date must be after the start date.'
  return undefined
}

/** Card 1: the pair, the selection window and the forecast horizon. */
export function PairCard({
  pair,
  history,
  onChange,
}: {
  pair: PairState
  /** the pair's first/last sales date, once availability is known */
  history?: { first?: string; last?: string }
  onChange: (next: PairState) => void
}) {
  const horizonInvalid = parseHorizon(pair.horizonText) === undefined
  const wErr = pair.store && pair.product && (pair.startDate || pair.endDate) ? windowError(pair.startDate, pair.endDate) : undefined
  return (
    <Card aria-labelledby="pair-title" data-testid="pair-card">
      <CardHeader>
        <CardTitle id="pair-title">
          <span className="text-muted-foreground">1.</span> Store &amp; product
        </CardTitle>
        <CardDescription>Which series to forecast, over which window, how far ahead.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 md:grid-cols-2">
        <div className="space-y-1">
          <Label htmlFor="store">Store</Label>
          <StoreCombobox id="store" value={pair.store} onChange={(store) => onChange({ ...pair, store, startDate: '', endDate: '' })} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="product">Product</Label>
          <ProductCombobox
            id="product"
            value={pair.product}
            onChange={(product) => onChange({ ...pair, product, startDate: '', endDate: '' })}
          />
        </div>
        <fieldset className="min-w-0 space-y-1">
          <legend className="text-sm font-medium">Selection window</legend>
          <div className="flex min-w-0 items-center gap-2">
            <Label htmlFor="start-date" className="sr-only">
              Start date
            </Label>
            <IsoDateInput
              id="start-date"
              className="min-w-0 flex-1"
              value={pair.startDate}
              onChange={(e) => onChange({ ...pair, startDate: e.target.value })}
              aria-invalid={!!wErr}
              aria-describedby="window-hint window-msg"
            />
            <span aria-hidden>→</span>
            <Label htmlFor="end-date" className="sr-only">
              End date
            </Label>
            <IsoDateInput
              id="end-date"
              className="min-w-0 flex-1"
              value={pair.endDate}
              onChange={(e) => onChange({ ...pair, endDate: e.target.value })}
              aria-invalid={!!wErr}
              aria-describedby="window-hint window-msg"
            />
          </div>
          <p id="window-hint" className="text-xs text-muted-foreground">
            {history?.first ? `Defaults to the full history (${history.first} → ${history.last}).` : 'Defaults to the pair’s full history once it is known.'}
          </p>
          <FieldMessage id="window-msg">{wErr}</FieldMessage>
        </fieldset>
        <div className="space-y-1">
          <Label htmlFor="horizon">Forecast horizon (days)</Label>
          <Input
            id="horizon"
            inputMode="numeric"
            value={pair.horizonText}
            onChange={(e) => onChange({ ...pair, horizonText: e.target.value })}
            aria-invalid={horizonInvalid}
            aria-describedby="horizon-hint horizon-msg"
            className="max-w-32"
          />
          <p id="horizon-hint" className="text-xs text-muted-foreground">
            1 to 90 days; 14 by default.
          </p>
          <FieldMessage id="horizon-msg">{horizonInvalid ? 'Enter a whole number of days from 1 to 90.' : undefined}</FieldMessage>
        </div>
      </CardContent>
    </Card>
  )
}
