import type { ModelFoldStability } from '@/types/api'
import { ChartFrame } from './chart-frame'
import { FoldStabilityPlot } from './lazy-plots'

const HEIGHT = 260

/** Per-fold WAPE per model: flat lines are stable models. */
export function FoldStabilityChart({
  stability,
  winner,
  labelOf,
}: {
  stability: ModelFoldStability[]
  winner?: string
  labelOf: (t: string) => string
}) {
  return (
    <ChartFrame title="Fold stability" description="WAPE in each backtest fold. Thick line = champion." height={HEIGHT} testId="chart-stability">
      <FoldStabilityPlot stability={stability} winner={winner} labelOf={labelOf} height={HEIGHT} />
    </ChartFrame>
  )
}
