import { AlertTriangle } from 'lucide-react'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Dialog, DialogDescription, DialogTitle, SheetContent } from '@/components/ui/dialog'
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table'
import { CHAMPION_COLOR } from '@/lib/champion'
import { formatNumber, formatPercent, formatSigned } from '@/lib/format'
import type { ChartData, RankingEntry } from '@/types/api'
import { ActualVsPredictedChart } from './charts/actual-vs-predicted-chart'

type DateSpan = { startDate: string; endDate: string }

// "first → last", or a dash when the run did not record the days (results stored before).
// The dates never break inside; the range wraps at the arrow, so the fold table fits a phone.
function dateRange(span: DateSpan | undefined) {
  if (!span) return '—'
  return (
    <>
      <span className="whitespace-nowrap">{span.startDate}</span> → <span className="whitespace-nowrap">{span.endDate}</span>
    </>
  )
}

function ParamsList({ params }: { params?: Record<string, unknown> }) {
  const entries = Object.entries(params ?? {})
  if (entries.length === 0) return <p className="text-sm text-muted-foreground">Model defaults.</p>
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm" data-testid="drawer-params">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-mono text-xs text-muted-foreground">{k}</dt>
          <dd className="font-mono text-xs">{JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  )
}

/** Everything about one ranking entry: metrics, params, folds, its own chart, its error. */
export function ModelDrawer({
  entry,
  chartData,
  isWinner,
  labelOf,
  onClose,
  returnFocusTo,
}: {
  entry: RankingEntry | undefined
  chartData?: ChartData
  isWinner: boolean
  labelOf: (t: string) => string
  onClose: () => void
  /** the element that opened the drawer (a ranking row): focus goes back to it on close */
  returnFocusTo?: HTMLElement | null
}) {
  const m = entry?.metrics
  const folds = entry ? chartData?.actualVsPredicted[entry.modelType]?.folds : undefined
  const tiles: [string, string][] = m
    ? [
        ['WAPE', formatPercent(m.wape)],
        ['sMAPE', formatPercent(m.smape)],
        ['MAE', formatNumber(m.mae)],
        ['RMSE', formatNumber(m.rmse)],
        ['Bias', formatSigned(m.bias)],
        ['MASE', formatNumber(m.mase, 3)],
        ['P10–P90 coverage', formatPercent(m.coverage, 0)],
        ['MSIS', formatNumber(m.msis, 2)],
        ['Test points', m.sampleSize.toString()],
        ['WAPE stability', formatPercent(m.wapeStability)],
      ]
    : []
  return (
    <Dialog open={!!entry} onOpenChange={(o) => !o && onClose()}>
      {entry && (
        <SheetContent
          data-testid="model-drawer"
          aria-describedby="drawer-desc"
          // Open on the drawer itself (its title is read first), not on its first focusable
          // element (the chart's SVG); close back to the row that opened it.
          onOpenAutoFocus={(e) => {
            e.preventDefault()
            ;(e.currentTarget as HTMLElement | null)?.focus()
          }}
          onCloseAutoFocus={(e) => {
            if (returnFocusTo?.isConnected) {
              e.preventDefault()
              returnFocusTo.focus()
            }
          }}
        >
          <div className="space-y-4 pr-6">
            <div className="space-y-1">
              <DialogTitle className="flex flex-wrap items-center gap-2">
                {labelOf(entry.modelType)}
                {isWinner && <Badge variant="champion" data-testid="champion-badge">champion</Badge>}
                {!entry.included && <Badge variant="secondary">excluded</Badge>}
              </DialogTitle>
              <DialogDescription id="drawer-desc">
                <code>{entry.modelType}</code>
                {entry.rank !== undefined ? ` · rank ${entry.rank}` : ''}
              </DialogDescription>
            </div>
            {(entry.error || (!entry.included && entry.exclusionReason)) && (
              <Alert variant="destructive">
                <AlertTriangle />
                <AlertTitle>{entry.error ? 'This candidate failed' : 'Excluded from the ranking'}</AlertTitle>
                <AlertDescription>{entry.error || entry.exclusionReason}</AlertDescription>
              </Alert>
            )}
            {tiles.length > 0 && (
              <section aria-label="Metrics">
                <h3 className="mb-1 text-sm font-semibold">Metrics (mean over folds)</h3>
                <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
                  {tiles.map(([k, v]) => (
                    <div key={k} className="rounded-md border p-2">
                      <dt className="text-xs text-muted-foreground">{k}</dt>
                      <dd className="font-semibold tabular-nums">{v}</dd>
                    </div>
                  ))}
                </dl>
              </section>
            )}
            <section aria-label="Parameters">
              <h3 className="mb-1 text-sm font-semibold">Parameters</h3>
              <ParamsList params={entry.params} />
            </section>
            {entry.foldMetrics.length > 0 && (
              <section aria-label="Per-fold metrics">
                <h3 className="mb-1 text-sm font-semibold">Per-fold metrics</h3>
                <Table data-testid="fold-table" aria-label="Per-fold metrics" className="text-xs sm:text-sm">
                  <THead>
                    <TR>
                      <TH>Fold</TH>
                      <TH>Train</TH>
                      <TH>Test</TH>
                      <TH className="text-right">WAPE</TH>
                      <TH className="hidden text-right sm:table-cell">sMAPE</TH>
                      <TH className="text-right">MAE</TH>
                      <TH className="text-right">Bias</TH>
                    </TR>
                  </THead>
                  <TBody>
                    {entry.foldMetrics.map((f) => (
                      <TR key={f.foldIndex}>
                        <TD>{f.foldIndex + 1}</TD>
                        <TD className="text-xs">{dateRange(f.train)}</TD>
                        <TD className="text-xs">{dateRange(f.test)}</TD>
                        <TD className="text-right tabular-nums">{formatPercent(f.metrics?.wape)}</TD>
                        <TD className="hidden text-right tabular-nums sm:table-cell">{formatPercent(f.metrics?.smape)}</TD>
                        <TD className="text-right tabular-nums">{formatNumber(f.metrics?.mae)}</TD>
                        <TD className="text-right tabular-nums">{formatSigned(f.metrics?.bias)}</TD>
                      </TR>
                    ))}
                  </TBody>
                </Table>
              </section>
            )}
            {folds && folds.length > 0 ? (
              <ActualVsPredictedChart
                title="Actual vs predicted"
                description="This model's forecasts in each backtest fold."
                series={[{ key: 'model', label: labelOf(entry.modelType), color: isWinner ? CHAMPION_COLOR : 'var(--chart-2)', folds }]}
                testId="drawer-chart"
                height={240}
              />
            ) : (
              entry.included && <p className="text-sm text-muted-foreground">No chart data for this model.</p>
            )}
          </div>
        </SheetContent>
      )}
    </Dialog>
  )
}
