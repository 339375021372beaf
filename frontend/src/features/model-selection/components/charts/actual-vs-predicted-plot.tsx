import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, Tooltip, XAxis, YAxis } from 'recharts'
import { formatNumber } from '@/lib/format'
import type { PredictionSeries } from './actual-vs-predicted-chart'
import { axisProps, tooltipStyle } from './chart-frame'
import { PlotContainer } from './plot-container'

type Row = { date: string; fold: number; actual: number | null } & Record<string, number | string | null>

/** The x value of the empty row between two folds (never a date). */
const GAP = 'gap:'
const isGap = (x: unknown) => typeof x === 'string' && x.startsWith(GAP)

/**
 * Merges the actuals and each series' predictions by date (test windows of every fold), with an
 * empty row between consecutive folds: the lines stop at each fold's end and a visible gap
 * separates the folds, instead of one line drawn across the months between them.
 */
export function merge(series: PredictionSeries[]): Row[] {
  const rows = mergeByDate(series)
  const out: Row[] = []
  for (const r of rows) {
    const prev = out[out.length - 1]
    if (prev && prev.fold !== r.fold) out.push({ date: `${GAP}${prev.fold}`, fold: prev.fold, actual: null })
    out.push(r)
  }
  return out
}

function mergeByDate(series: PredictionSeries[]): Row[] {
  const byDate = new Map<string, Row>()
  for (const s of series) {
    for (const f of s.folds) {
      f.dates.forEach((date, i) => {
        const row = byDate.get(date) ?? { date, fold: f.foldIndex, actual: null }
        const a = f.actuals[i]
        if (row.actual === null && a !== undefined && Number.isFinite(a)) row.actual = a
        const p = f.predictions[i]
        row[s.key] = p !== undefined && Number.isFinite(p) ? p : null
        byDate.set(date, row)
      })
    }
  }
  return [...byDate.values()].sort((x, y) => x.date.localeCompare(y.date))
}

/** The recharts body of ActualVsPredictedChart. */
export function ActualVsPredictedPlot({ series, height }: { series: PredictionSeries[]; height: number }) {
  const data = merge(series)
  const folds = new Map<number, { start: string; end: string }>()
  for (const r of data) {
    if (isGap(r.date)) continue
    const f = folds.get(r.fold)
    if (!f) folds.set(r.fold, { start: r.date, end: r.date })
    else f.end = r.date
  }
  return (
    <PlotContainer height={height}>
      <LineChart data={data} margin={{ left: 0, right: 16, top: 4, bottom: 4 }}>
        <CartesianGrid stroke="var(--border)" />
        {[...folds.entries()]
          .filter(([i]) => i % 2 === 1)
          .map(([i, f]) => (
            <ReferenceArea key={i} x1={f.start} x2={f.end} fill="var(--muted)" fillOpacity={0.6} ifOverflow="extendDomain" />
          ))}
        <XAxis dataKey="date" {...axisProps} minTickGap={24} tickFormatter={(x: string) => (isGap(x) ? '' : x)} />
        <YAxis {...axisProps} width={44} />
        <Tooltip
          contentStyle={tooltipStyle}
          formatter={(v, name) => [formatNumber(Number(v)), String(name)]}
          labelFormatter={(x) => (isGap(x) ? 'between folds' : String(x))}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Line name="Actual" dataKey="actual" stroke="var(--foreground)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        {series.map((s) => (
          <Line
            key={s.key}
            name={s.label}
            dataKey={s.key}
            stroke={s.color}
            strokeWidth={2}
            strokeDasharray={s.key === 'winner' ? undefined : '5 3'}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </PlotContainer>
  )
}
