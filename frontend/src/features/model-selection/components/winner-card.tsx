import { Trophy } from 'lucide-react'
import type { ReactNode } from 'react'
import { ConfidenceBadge } from '@/components/run-status-badge'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { formatNumber, formatPercent, formatSigned } from '@/lib/format'
import { confidenceLabel } from '@/lib/run-state'
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

/** Significance level of the Diebold–Mariano test shown on the winner card. */
export const DM_ALPHA = 0.05

/** Whether the champion's lead over the runner-up is significant; undefined without a test. */
export function leadIsSignificant(sig: Run['significance']): boolean | undefined {
  if (!sig) return undefined
  if (Number.isFinite(sig.pValue)) return sig.pValue < DM_ALPHA
  if (/\b(not|no|in)\s*significant/i.test(sig.finding)) return false
  return undefined
}

function sentenceKey(s: string): string {
  return s.trim().replace(/[.!\s]+$/, '').replace(/\s+/g, ' ').toLowerCase()
}

/** Drops the sentences already printed (by `seen`, updated) and repeats within `list`. */
export function unseen(list: readonly string[], seen: Set<string>): string[] {
  const out: string[] = []
  for (const s of list) {
    const k = sentenceKey(s)
    if (!k || seen.has(k)) continue
    seen.add(k)
    out.push(s)
  }
  return out
}

/**
 * "Recommended model: X, with high confidence." in the dashboard's own words and model names; when
 * the Diebold–Mariano test finds the lead not significant, the sentence says so instead of
 * leaving "high confidence" unqualified.
 */
export function championHeadline(run: Run, labelOf: (t: string) => string, significant: boolean | undefined): string {
  const level = confidenceLabel[run.recommendationConfidence] ?? 'unknown'
  const name = labelOf(run.winner?.modelType ?? '')
  const sig = run.significance
  if (significant === false && sig) {
    return `Recommended model: ${name}, ranked first with ${level} confidence, but its lead over ${labelOf(sig.runnerUpModelType)} is not statistically significant (p = ${formatNumber(sig.pValue, 3)}).`
  }
  return `Recommended model: ${name}, with ${level} confidence.`
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
          {summary?.headline && sentenceKey(summary.headline) !== sentenceKey(cause) && (
            <p className="text-muted-foreground">{summary.headline}</p>
          )}
        </CardContent>
      </Card>
    )
  }
  const m = w.metrics
  const sig = run.significance
  const significant = leadIsSignificant(sig)
  // The headline, reasons, comparison and caveats come from different parts of the result and can
  // repeat one another: each sentence is printed once, first where it appears first.
  const seen = new Set<string>()
  const headline = unseen([championHeadline(run, labelOf, significant)], seen)[0]
  // The summary's own headline says the same as ours (with the model type in brackets).
  if (summary?.headline) unseen([summary.headline], seen)
  const shownReasons = unseen(reasons, seen)
  const leadText = unseen(summary?.comparison?.leadText ? [summary.comparison.leadText] : [], seen)[0]
  const caveats = unseen(summary?.caveats ?? [], seen)
  return (
    <Card aria-labelledby="winner-title" data-testid="winner-card" className="border-champion/40">
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Trophy className="size-5 text-champion" aria-hidden />
          <CardTitle id="winner-title" className="text-lg">
            Champion: <span data-testid="winner-model">{labelOf(w.modelType)}</span>
          </CardTitle>
          <ConfidenceBadge level={run.recommendationConfidence} leadNotSignificant={significant === false} />
        </div>
        {headline && (
          <p className="text-sm" data-testid="headline">
            {headline}
          </p>
        )}
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
        {shownReasons.length > 0 && (
          <div>
            <h3 className="text-sm font-medium">Why this confidence</h3>
            <ul className="list-disc pl-5 text-sm" data-testid="confidence-reasons">
              {shownReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        {sig && (
          <p className="text-sm" data-testid="significance" data-significant={significant === undefined ? undefined : String(significant)}>
            <span className="font-medium">Significance vs {labelOf(sig.runnerUpModelType)}:</span>{' '}
            {significant === false
              ? 'the lead is not statistically significant'
              : significant
                ? 'the lead is statistically significant'
                : sig.finding || 'Diebold–Mariano test'}{' '}
            (Diebold–Mariano DM = {formatNumber(sig.statistic, 2)}, p = {formatNumber(sig.pValue, 3)}, n = {sig.sampleSize})
            {significant === false &&
              `: the runner-up may do as well, so the confidence rests on the other reasons, not on a proven lead.`}
          </p>
        )}
        {leadText && <p className="text-sm text-muted-foreground">{leadText}</p>}
        {caveats.length > 0 && <p className="text-xs text-muted-foreground">{caveats.join(' ')}</p>}
      </CardContent>
    </Card>
  )
}
