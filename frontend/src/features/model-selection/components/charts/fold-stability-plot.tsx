import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { CHAMPION_COLOR } from '@/lib/champion'
import { formatPercent } from '@/lib/format'
import type { ModelFoldStability } from '@/types/api'
import { axisProps, modelStyle, tooltipStyle } from './chart-frame'
import { PlotContainer } from './plot-container'

/** The recharts body of FoldStabilityChart. */
export function FoldStabilityPlot({
  stability,
  winner,
  labelOf,
  height,
}: {
  stability: ModelFoldStability[]
  winner?: string
  labelOf: (t: string) => string
  height: number
}) {
  // Colours go to the other models in order, so none repeats the champion's or another's.
  const others = stability.map((s) => s.modelType).filter((t) => t !== winner)
  const folds = Math.max(0, ...stability.map((s) => s.wapeByFold.length))
  const data = Array.from({ length: folds }, (_, i) => {
    const row: Record<string, number | string | null> = { fold: `Fold ${i + 1}` }
    for (const s of stability) {
      const v = s.wapeByFold[i]
      row[s.modelType] = v !== undefined && Number.isFinite(v) ? v : null
    }
    return row
  })
  return (
    <PlotContainer height={height}>
      <LineChart data={data} margin={{ left: 0, right: 16, top: 4, bottom: 4 }}>
        <CartesianGrid stroke="var(--border)" />
        <XAxis dataKey="fold" {...axisProps} />
        <YAxis {...axisProps} tickFormatter={(v: number) => `${v}%`} width={44} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v, name) => [formatPercent(Number(v)), labelOf(String(name))]} />
        <Legend formatter={(v: string) => labelOf(v)} wrapperStyle={{ fontSize: 11 }} />
        {stability.map((s) => (
          <Line
            key={s.modelType}
            dataKey={s.modelType}
            {...(s.modelType === winner ? { stroke: CHAMPION_COLOR } : modelStyle(others.indexOf(s.modelType)))}
            strokeWidth={s.modelType === winner ? 3 : 1.5}
            dot={{ r: 2.5 }}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </PlotContainer>
  )
}
