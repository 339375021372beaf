import { useEffect, useState } from 'react'
import { CHAMPION_COLOR } from '@/lib/champion'
import { ProblemAlert } from '@/components/problem-alert'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Skeleton } from '@/components/ui/skeleton'
import { isTerminal } from '@/lib/run-state'
import type { Run } from '@/types/api'
import { useLiveRun } from '../hooks/use-live-run'
import { useModelLabel } from '../hooks/use-model-label'
import { ActualVsPredictedChart, type PredictionSeries } from './charts/actual-vs-predicted-chart'
import { FoldStabilityChart } from './charts/fold-stability-chart'
import { ForecastChart } from './charts/forecast-chart'
import { preloadPlots } from './charts/lazy-plots'
import { BiasByModelChart, WapeByModelChart } from './charts/metric-bars'
import { ModelDrawer } from './model-drawer'
import { ProgressPanel } from './progress-panel'
import { RankingTable } from './ranking-table'
import { RunBanner } from './run-banner'
import { WinnerCard } from './winner-card'

function WinnerActualVsPredicted({ run, labelOf }: { run: Run; labelOf: (t: string) => string }) {
  const [overlay, setOverlay] = useState('')
  const cd = run.chartData
  const winner = run.winner?.modelType
  if (!cd || !winner) return null
  const winnerFolds = cd.winnerActualVsPredicted.length ? cd.winnerActualVsPredicted : (cd.actualVsPredicted[winner]?.folds ?? [])
  const others = Object.keys(cd.actualVsPredicted).filter((t) => t !== winner)
  const series: PredictionSeries[] = [{ key: 'winner', label: `${labelOf(winner)} (champion)`, color: CHAMPION_COLOR, folds: winnerFolds }]
  if (overlay && cd.actualVsPredicted[overlay]) {
    series.push({ key: overlay, label: labelOf(overlay), color: 'var(--chart-2)', folds: cd.actualVsPredicted[overlay].folds })
  }
  return (
    <ActualVsPredictedChart
      title="Actual vs predicted"
      description="The champion's forecasts over the backtest folds (shaded bands alternate folds)."
      series={series}
      testId="chart-actual-vs-predicted"
      actions={
        others.length > 0 && (
          <div className="flex items-center gap-2">
            <Label htmlFor="overlay-model" className="text-xs">
              Overlay
            </Label>
            <NativeSelect id="overlay-model" className="h-8 w-44 text-xs" value={overlay} onChange={(e) => setOverlay(e.target.value)}>
              <option value="">none</option>
              {others.map((t) => (
                <option key={t} value={t}>
                  {labelOf(t)}
                </option>
              ))}
            </NativeSelect>
          </div>
        )
      }
    />
  )
}

/** The top of a settled run: the champion and its forecast. */
function SettledHeadline({ run, labelOf }: { run: Run; labelOf: (t: string) => string }) {
  const winner = run.winner?.modelType
  return (
    <div className="space-y-4">
      <WinnerCard run={run} labelOf={labelOf} />
      {winner && <ForecastChart run={run} champion={labelOf(winner)} />}
    </div>
  )
}

/** The rest of a settled run below the (folded) progress panel: charts, ranking, drawer. */
function SettledResults({ run, labelOf }: { run: Run; labelOf: (t: string) => string }) {
  const [open, setOpen] = useState<number | null>(null)
  const [opener, setOpener] = useState<HTMLElement | null>(null)
  const openEntry = (i: number) => {
    setOpener(document.activeElement instanceof HTMLElement ? document.activeElement : null)
    setOpen(i)
  }
  const cd = run.chartData
  const winner = run.winner?.modelType
  const hasCharts = !!cd && !!winner && cd.wapeByModel.length > 0
  return (
    <div className="space-y-4">
      {hasCharts && (
        <div className="grid gap-4 lg:grid-cols-2" data-testid="charts">
          {cd.wapeByModel.some((v) => Number.isFinite(v.value)) && <WapeByModelChart values={cd.wapeByModel} labelOf={labelOf} />}
          <BiasByModelChart values={cd.biasByModel} labelOf={labelOf} />
          <FoldStabilityChart stability={cd.foldStability} winner={winner} labelOf={labelOf} />
          <WinnerActualVsPredicted run={run} labelOf={labelOf} />
        </div>
      )}
      {run.ranking.length > 0 && (
        <Card aria-labelledby="ranking-title">
          <CardHeader>
            <CardTitle id="ranking-title">Ranking</CardTitle>
            <p className="text-xs text-muted-foreground">Select a row (click, Enter or Space) for details. Column headers sort.</p>
          </CardHeader>
          <CardContent>
            <RankingTable entries={run.ranking} winner={winner} labelOf={labelOf} onOpen={openEntry} />
          </CardContent>
        </Card>
      )}
      <ModelDrawer
        entry={open === null ? undefined : run.ranking[open]}
        chartData={cd}
        isWinner={open !== null && run.ranking[open]?.modelType === winner && run.ranking[open]?.rank === 1}
        labelOf={labelOf}
        onClose={() => setOpen(null)}
        returnFocusTo={opener}
      />
    </div>
  )
}

/** The results section for one run id: live progress, then winner, charts and ranking. */
export function RunResults({
  selectionId,
  cancelDisabledReason,
  onRunSettled,
}: {
  selectionId: string
  /** why this user may not cancel the run (a read-only token) */
  cancelDisabledReason?: string
  /** called when the run reaches a terminal state or a cancel returns */
  onRunSettled?: (run?: Run) => void
}) {
  const labelOf = useModelLabel()
  const live = useLiveRun(selectionId, { onTerminal: onRunSettled })
  // Fetch the charts' code while the run is loading or still running.
  useEffect(preloadPlots, [])
  if (live.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Loading run" data-testid="run-loading">
        <Skeleton className="h-8 w-1/3" />
        <Skeleton className="h-40" />
      </div>
    )
  }
  if (live.isError) {
    return <ProblemAlert error={live.error} title={`Could not load run ${selectionId}`} />
  }
  const run = live.data
  const settled = isTerminal(run.status)
  // Settled, the champion comes first and the progress panel folds its table below it. The panel
  // keeps its place in the tree (an open cancel confirmation survives the run settling).
  return (
    <div className="space-y-4" data-testid="run-results" data-run-status={run.status}>
      <RunBanner run={run} />
      {settled && <SettledHeadline run={run} labelOf={labelOf} />}
      <ProgressPanel
        run={run}
        transport={live.transport}
        cancelDisabledReason={cancelDisabledReason}
        onCancelSettled={() => onRunSettled?.()}
        labelOf={labelOf}
        collapsed={settled}
      />
      {settled && <SettledResults run={run} labelOf={labelOf} />}
    </div>
  )
}
