import { Download } from 'lucide-react'
import { Button } from '@/components/ui/button'
import type { Run } from '@/types/api'
import { forecastCsv, quantileName } from '../../lib/forecast-table'
import { ChartFrame } from './chart-frame'
import { ForecastPlot } from './lazy-plots'

/**
 * The answer a planner came for: the champion's forecast for the horizon with its P10-P90
 * band after the latest actuals, and the forecast as a CSV download.
 */
export function ForecastChart({ run, champion, height = 280 }: { run: Run; champion: string; height?: number }) {
  const forecast = run.forecast
  if (!forecast || forecast.dates.length === 0) return null
  const low = forecast.quantiles[0]
  const high = forecast.quantiles[forecast.quantiles.length - 1]
  const band = low && high && low !== high ? `${quantileName(low.level)}–${quantileName(high.level)}` : ''
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(forecastCsv(forecast))}`
  return (
    <ChartFrame
      title="Forecast"
      description={`${champion}, refit on the whole window: the next ${forecast.dates.length} days${
        band ? ` with the ${band} band (from its own backtest errors)` : ''
      }, after the last backtest fold's actuals.`}
      height={height}
      testId="chart-forecast"
      actions={
        <Button asChild variant="outline" size="sm">
          <a href={csv} download={`forecast-${run.selectionId}.csv`} data-testid="forecast-csv">
            <Download aria-hidden="true" />
            CSV
          </a>
        </Button>
      }
    >
      <ForecastPlot
        forecast={forecast}
        folds={run.chartData?.winnerActualVsPredicted ?? []}
        height={height}
      />
    </ChartFrame>
  )
}
