import { useQueryClient } from '@tanstack/react-query'
import { ProblemAlert } from '@/components/problem-alert'
import { ConfidenceBadge, RunStatusBadge } from '@/components/run-status-badge'
import { Skeleton } from '@/components/ui/skeleton'
import { Table } from '@/components/ui/table'
import { formatNumber, formatPercent } from '@/lib/format'
import { cn } from '@/lib/utils'
import { ConfidenceLevel, RankingMetric, type ListRunsResponse, type Metrics, type Run } from '@/types/api'
import { useComparedRuns } from '../api/get-run'
import { runHistoryKeys } from '../api/keys'

type MetricKey = 'wape' | 'smape' | 'mae' | 'rmse' | 'bias' | 'mase' | 'coverage'

// The ranking metrics by the Metrics field they read (the run form's own list lives in the
// model-selection feature, which this one may not import).
const RANKED_BY: Record<number, { key: MetricKey; label: string }> = {
  [RankingMetric.WAPE]: { key: 'wape', label: 'WAPE' },
  [RankingMetric.SMAPE]: { key: 'smape', label: 'sMAPE' },
  [RankingMetric.MAE]: { key: 'mae', label: 'MAE' },
  [RankingMetric.BIAS]: { key: 'bias', label: 'Bias' },
  [RankingMetric.MASE]: { key: 'mase', label: 'MASE' },
  [RankingMetric.RMSE]: { key: 'rmse', label: 'RMSE' },
  [RankingMetric.COVERAGE]: { key: 'coverage', label: 'Coverage' },
}

/** What the run's ranking is sorted by: ranked_by once settled, else the requested metric. */
function metricOf(run: Run): { key: MetricKey; label: string } {
  const m = run.rankedBy !== RankingMetric.UNSPECIFIED ? run.rankedBy : run.rankingMetric
  return RANKED_BY[m] ?? RANKED_BY[RankingMetric.WAPE]
}

function value(m: Metrics | undefined, key: MetricKey): number | undefined {
  const v = m?.[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** A metric as the results show it: WAPE, sMAPE and coverage in percent; "n/a" when undefined. */
function fmt(key: MetricKey, v: number | undefined): string {
  return key === 'wape' || key === 'smape' || key === 'coverage' ? formatPercent(v) : formatNumber(v)
}

/** Which of two values is better for `key`: lower is, except bias (closer to 0) and coverage (closer to 80 %). */
export function better(key: MetricKey, a: number | undefined, b: number | undefined): 0 | 1 | undefined {
  if (a === undefined || b === undefined) return undefined
  const distance = (v: number) => (key === 'bias' ? Math.abs(v) : key === 'coverage' ? Math.abs(v - 80) : v)
  const [x, y] = [distance(a), distance(b)]
  if (x === y) return undefined
  return x < y ? 0 : 1
}

const EXTRA: { key: MetricKey; label: string }[] = [
  { key: 'mae', label: 'MAE' },
  { key: 'mase', label: 'MASE' },
  { key: 'coverage', label: 'Coverage' },
]

/** Two runs side by side: each one's outcome, then their rankings aligned by model. */
export function RunCompare({ ids, labelOf }: { ids: readonly [string, string]; labelOf: (modelType: string) => string }) {
  const results = useComparedRuns(ids)
  // A run carries only the pair's ids; the history pages already loaded know its names.
  const qc = useQueryClient()
  const pairOf = (run: Run) => {
    for (const [, page] of qc.getQueriesData<ListRunsResponse>({ queryKey: [...runHistoryKeys.all, 'list'] })) {
      const s = page?.runs.find((r) => r.selectionId === run.selectionId)
      if (s?.storeName && s.productName) return `${s.storeName} (${s.storeCode}) · ${s.productName} (${s.productSku})`
    }
    return `Store #${run.storeId} · Product #${run.productId}`
  }
  const runs = results.map((r) => r.data)
  const loaded = runs.filter((r): r is Run => !!r)
  const primary = loaded.length ? metricOf(loaded[0]) : undefined
  // The primary metric is comparable only when both runs rank by the same one.
  const sameMetric = loaded.length === 2 && metricOf(loaded[0]).key === metricOf(loaded[1]).key
  const extras = EXTRA.filter((e) => e.key !== primary?.key && loaded.some((r) => r.ranking.some((x) => value(x.metrics, e.key) !== undefined)))
  const models: string[] = []
  for (const r of loaded) for (const e of r.ranking) if (!models.includes(e.modelType)) models.push(e.modelType)
  const runName = (i: number) => `Run ${i === 0 ? 'A' : 'B'}`

  return (
    <div className="space-y-4" data-testid="compare">
      <div className="grid gap-3 sm:grid-cols-2">
        {results.map((q, i) => (
          <section key={ids[i]} className="min-w-0 space-y-1.5 rounded-md border p-3 text-sm" aria-label={runName(i)} data-testid={`compare-run-${i}`}>
            <h3 className="font-semibold">
              {runName(i)} <code className="text-xs font-normal text-muted-foreground">{ids[i].slice(0, 8)}</code>
            </h3>
            {q.isPending ? (
              <Skeleton className="h-20" aria-label={`Loading ${runName(i)}`} />
            ) : q.isError ? (
              <ProblemAlert error={q.error} title={`Could not load ${runName(i)}`} />
            ) : (
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                <dt className="text-muted-foreground">Pair</dt>
                <dd>{pairOf(q.data)}</dd>
                <dt className="text-muted-foreground">Status</dt>
                <dd>
                  <RunStatusBadge status={q.data.status} />
                </dd>
                <dt className="text-muted-foreground">Winner</dt>
                <dd>{q.data.winner?.modelType ? labelOf(q.data.winner.modelType) : 'no winner'}</dd>
                <dt className="text-muted-foreground">Confidence</dt>
                <dd>
                  {q.data.recommendationConfidence !== ConfidenceLevel.UNSPECIFIED && q.data.winner ? (
                    <ConfidenceBadge level={q.data.recommendationConfidence} />
                  ) : (
                    '—'
                  )}
                </dd>
                <dt className="text-muted-foreground">Ranked by</dt>
                <dd>{metricOf(q.data).label}</dd>
              </dl>
            )}
          </section>
        ))}
      </div>
      {models.length > 0 && primary && (
        <Table aria-label="Rankings compared by model" data-testid="compare-table">
          <thead>
            <tr className="border-b text-left">
              <th scope="col" className="py-1.5 pr-2">
                Model
              </th>
              {[0, 1].map((i) => {
                const r = runs[i]
                const label = r ? metricOf(r).label : primary.label
                return [
                  <th key={`${i}-rank`} scope="col" className="px-2 py-1.5">
                    {runName(i)} rank
                  </th>,
                  <th key={`${i}-primary`} scope="col" className="px-2 py-1.5">
                    {runName(i)} {label}
                  </th>,
                  ...extras.map((e) => (
                    <th key={`${i}-${e.key}`} scope="col" className="px-2 py-1.5">
                      {runName(i)} {e.label}
                    </th>
                  )),
                ]
              })}
            </tr>
          </thead>
          <tbody>
            {models.map((model) => {
              const entries = runs.map((r) => r?.ranking.find((e) => e.modelType === model))
              const prim = runs.map((r, i) => (r ? value(entries[i]?.metrics, metricOf(r).key) : undefined))
              const best = sameMetric ? better(primary.key, prim[0], prim[1]) : undefined
              return (
                <tr key={model} className="border-b last:border-0" data-testid="compare-row">
                  <th scope="row" className="py-1.5 pr-2 text-left font-medium">
                    {labelOf(model)}
                  </th>
                  {[0, 1].map((i) => {
                    const e = entries[i]
                    const wins = best === i
                    return [
                      <td key={`${i}-rank`} className="px-2 py-1.5 tabular-nums">
                        {!runs[i] ? '' : !e ? 'not run' : e.rank !== undefined ? `#${e.rank}` : 'excluded'}
                      </td>,
                      <td
                        key={`${i}-primary`}
                        className={cn('px-2 py-1.5 tabular-nums', wins && 'font-semibold text-success')}
                        data-better={wins || undefined}
                      >
                        {runs[i] && e ? fmt(metricOf(runs[i]).key, prim[i]) : ''}
                        {wins && <span className="sr-only"> (better)</span>}
                        {wins && <span aria-hidden> ▲</span>}
                      </td>,
                      ...extras.map((x) => {
                        const v = value(e?.metrics, x.key)
                        return (
                          <td key={`${i}-${x.key}`} className="px-2 py-1.5 tabular-nums">
                            {runs[i] && e ? fmt(x.key, v) : ''}
                          </td>
                        )
                      }),
                    ]
                  })}
                </tr>
              )
            })}
          </tbody>
        </Table>
      )}
      {loaded.length === 2 && !sameMetric && (
        <p className="text-xs text-muted-foreground">The runs are ranked by different metrics, so no model is marked better.</p>
      )}
      {models.length > 0 && sameMetric && (
        <p className="text-xs text-muted-foreground">▲ marks the run whose model scored better on {primary?.label} ({primary?.key === 'bias' ? 'closer to zero' : primary?.key === 'coverage' ? 'closer to 80 %' : 'lower'} is better).</p>
      )}
    </div>
  )
}
