import type { ReactNode } from 'react'
import type { FoldSeries } from '@/types/api'
import { ChartFrame } from './chart-frame'
import { ActualVsPredictedPlot } from './lazy-plots'

export interface PredictionSeries {
  key: string
  label: string
  color: string
  folds: FoldSeries[]
}

/** Actuals vs predictions over the backtest folds; alternate folds are shaded. */
export function ActualVsPredictedChart({
  title,
  description,
  series,
  actions,
  testId,
  height = 280,
}: {
  title: string
  description: string
  series: PredictionSeries[]
  actions?: ReactNode
  testId?: string
  height?: number
}) {
  return (
    <ChartFrame title={title} description={description} height={height} testId={testId} actions={actions}>
      <ActualVsPredictedPlot series={series} height={height} />
    </ChartFrame>
  )
}
