import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts'
import { CHAMPION_COLOR } from '@/lib/champion'
import { formatNumber } from '@/lib/format'
import type { FoldSeries, Forecast } from '@/types/api'
import { forecastRows, quantileName, recentActuals } from '../../lib/forecast-table'
import { axisProps, tooltipStyle } from './chart-frame'
import { PlotContainer } from './plot-container'

type Row = { date: string; actual?: number; forecast?: number; band?: [number, number] }

/** The recharts body of ForecastChart: actuals, then the forecast inside its outer band. */
export function ForecastPlot({
  forecast,
  folds,
  height,
}: {
  forecast: Forecast
  folds: FoldSeries[]
  height: number
}) {
  const levels = forecast.quantiles.map((q) => quantileName(q.level))
  const [low, high] = [levels[0], levels[levels.length - 1]]
  const data: Row[] = recentActuals(folds, forecast.dates[0]).map((r) => ({ date: r.date, actual: r.actual }))
  for (const r of forecastRows(forecast)) {
    const row: Row = { date: r.date, forecast: r.forecast }
    const lo = low ? r.quantiles[low] : undefined
    const hi = high ? r.quantiles[high] : undefined
    if (low !== high && lo !== undefined && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi)) row.band = [lo, hi]
    data.push(row)
  }
  return (
    <PlotContainer height={height}>
      <ComposedChart data={data} margin={{ left: 0, right: 16, top: 4, bottom: 4 }}>
        <CartesianGrid stroke="var(--border)" />
        <XAxis dataKey="date" {...axisProps} minTickGap={24} />
        <YAxis {...axisProps} width={44} />
        <Tooltip
          contentStyle={tooltipStyle}
          formatter={(v, n) => [Array.isArray(v) ? v.map((x) => formatNumber(Number(x))).join(' – ') : formatNumber(Number(v)), String(n)]}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        {low !== high && (
          <Area
            name={`${low}–${high}`}
            dataKey="band"
            stroke="none"
            fill={CHAMPION_COLOR}
            fillOpacity={0.2}
            isAnimationActive={false}
          />
        )}
        <Line name="Actual" dataKey="actual" stroke="var(--foreground)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        <Line name="Forecast" dataKey="forecast" stroke={CHAMPION_COLOR} strokeWidth={2} dot={false} isAnimationActive={false} />
      </ComposedChart>
    </PlotContainer>
  )
}
