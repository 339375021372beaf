import type { FoldSeries, Forecast } from '@/types/api'

/** "P10" for 0.1: the name planners use for a quantile level. */
export function quantileName(level: number): string {
  return `P${Math.round(level * 1000) / 10}`
}

/** One forecast day: the point forecast and each quantile, by the level's name. */
export interface ForecastRow {
  date: string
  forecast: number
  quantiles: Record<string, number>
}

/** The forecast as rows, one per date. */
export function forecastRows(forecast: Forecast): ForecastRow[] {
  return forecast.dates.map((date, i) => ({
    date,
    forecast: forecast.values[i] ?? Number.NaN,
    quantiles: Object.fromEntries(forecast.quantiles.map((q) => [quantileName(q.level), q.values[i] ?? Number.NaN])),
  }))
}

function cell(v: number): string {
  return Number.isFinite(v) ? String(v) : ''
}

/** date,forecast,P10,P50,P90 (the run's levels) with a row per day; empty cells for gaps. */
export function forecastCsv(forecast: Forecast): string {
  const names = forecast.quantiles.map((q) => quantileName(q.level))
  const lines = [['date', 'forecast', ...names].join(',')]
  for (const row of forecastRows(forecast)) {
    lines.push([row.date, cell(row.forecast), ...names.map((n) => cell(row.quantiles[n] ?? Number.NaN))].join(','))
  }
  return `${lines.join('\n')}\n`
}

/**
 * The latest actuals known to the chart: the test days of the latest backtest fold before
 * `before` (folds lie apart in time, so only one of them runs up to the forecast).
 */
export function recentActuals(folds: FoldSeries[], before: string): { date: string; actual: number }[] {
  const last = (f: FoldSeries) => f.dates.filter((d) => d < before).at(-1) ?? ''
  const latest = folds.reduce<FoldSeries | undefined>((best, f) => (!best || last(f) > last(best) ? f : best), undefined)
  if (!latest) return []
  return latest.dates
    .map((date, i) => ({ date, actual: latest.actuals[i] }))
    .filter((r): r is { date: string; actual: number } => r.date < before && r.actual !== undefined && Number.isFinite(r.actual))
    .sort((x, y) => x.date.localeCompare(y.date))
}
