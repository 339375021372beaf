import type { ModelValue } from '@/types/api'
import { ChartFrame } from './chart-frame'
import { BiasByModelPlot, WapeByModelPlot } from './lazy-plots'

/** One bar per model, plus the axes. */
const barsHeight = (values: ModelValue[]) => Math.max(160, values.length * 34 + 40)

/** WAPE per included model; the winner's bar is green and starred. */
export function WapeByModelChart({ values, labelOf }: { values: ModelValue[]; labelOf: (t: string) => string }) {
  const height = barsHeight(values)
  return (
    <ChartFrame title="WAPE by model" description="Lower is better. ★ marks the champion." height={height} testId="chart-wape">
      <WapeByModelPlot values={values} labelOf={labelOf} height={height} />
    </ChartFrame>
  )
}

/** Mean error per model: negative (over-forecast) in red, positive (under-forecast) in blue. */
export function BiasByModelChart({ values, labelOf }: { values: ModelValue[]; labelOf: (t: string) => string }) {
  const height = barsHeight(values)
  return (
    <ChartFrame
      title="Bias by model"
      description="Mean(actual − forecast). Negative = over-forecast (red), positive = under-forecast. ★ = champion."
      height={height}
      testId="chart-bias"
    >
      <BiasByModelPlot values={values} labelOf={labelOf} height={height} />
    </ChartFrame>
  )
}
