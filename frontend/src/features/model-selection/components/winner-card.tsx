import { Trophy } from 'lucide-react'
import type { ReactNode } from 'react'
import { ConfidenceBadge } from '@/components/run-status-badge'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { formatNumber, formatPercent, formatSigned } from '@/lib/format'
import type { Run } from '@/types/api'

function Tile({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="rounded-lg border bg-background/60 p-2.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-xl font-semibold tabular-nums">{value}</dd>
      {hint && <dd className="text-xs text-muted-foreground">{hint}</dd>}
    </div>
  )
}

export function biasExplanation(bias: number | undefined): string {
  if (bias === undefined || !Number.isFinite(bias)) return 'Bias could not be computed for this model.'
  if (Math.abs(bias) < 1e-9) return 'No bias: over- and under-forecasts balance out.'
  return bias > 0
    ? `Positive bias (${formatSigned(bias)} units/day): the model tends to under-forecast, a stock-out risk.`
    : `Negative bias (${formatSigned(bias)} units/day): the model tends to over-forecast, an overstock risk.`
}

/** The champion of a settled run, or "No champion selected" with the cause. */
export function WinnerCard({ run, labelOf }: { run: Run; labelOf: (t: string) => string }) {
  const w = run.winner
  const summary = run.businessSummary
  const reasons = run.confidenceReasons.length ? run.confidenceReasons : (summary?.confidenceReasons ?? [])
  if (!w) {
    const cause =
      reasons[0] || run.errorMessage || 'No candidate produced a valid backtest.'
    return (
      <Card aria-labelledby="winner-title" data-testid="winner-card">
        <CardHeader>
          <CardTitle id="winner-title">No champion selected</CardTitle>
        </CardHeader>
        <CardContent className="space-y-2 text-sm">
          <p data-testid="no-winner-cause">{cause}</p>
          {summary?.headline && <p className="text-muted-foreground">{summary.headline}</p>}
        </CardContent>
      </Card>
    )
  }
  const m = w.metrics
  const sig = run.significance
  return (
    <Card aria-labelledby="winner-title" data-testid="winner-card" className="border-champion/40">
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Trophy className="size-5 text-champion" aria-hidden />
          <CardTitle id="winner-title" className="text-lg">
            Champion: <span data-testid="winner-model">{labelOf(w.modelType)}</span>
          </CardTitle>
          <ConfidenceBadge level={run.recommendationConfidence} />
        </div>
        {summary?.headline && <p className="text-sm">{summary.headline}</p>}
      </CardHeader>
      <CardContent className="space-y-3">
        <dl className="grid grid-cols-2 gap-2 md:grid-cols-4">
          <Tile label="WAPE" value={formatPercent(m?.wape)} hint={m && !Number.isFinite(m.wape) ? 'undefined: no sales in the test days' : undefined} />
          <Tile label="sMAPE" value={formatPercent(m?.smape)} />
          <Tile label="MAE" value={formatNumber(m?.mae)} hint="units/day" />
          <Tile label="Bias" value={formatSigned(m?.bias)} hint="units/day" />
        </dl>
        <p className="text-sm" data-testid="bias-explanation">
          {biasExplanation(m?.bias)}
        </p>
        {reasons.length > 0 && (
          <div>
            <h3 className="text-sm font-medium">Why this confidence</h3>
            <ul className="list-disc pl-5 text-sm" data-testid="confidence-reasons">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        {sig && (
          <p className="text-sm" data-testid="significance">
            <span className="font-medium">Significance vs {labelOf(sig.runnerUpModelType)}:</span>{' '}
            {sig.finding || 'Diebold–Mariano test'} (DM = {formatNumber(sig.statistic, 2)}, p = {formatNumber(sig.pValue, 3)}, n ={' '}
            {sig.sampleSize})
          </p>
        )}
        {summary?.comparison?.leadText && <p className="text-sm text-muted-foreground">{summary.comparison.leadText}</p>}
        {summary && summary.caveats.length > 0 && (
          <p className="text-xs text-muted-foreground">{summary.caveats.join(' ')}</p>
        )}
      </CardContent>
    </Card>
  )
}
