import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts'
import { CHAMPION_COLOR } from '@/lib/champion'
import { formatPercent, formatSigned } from '@/lib/format'
import type { ModelValue } from '@/types/api'
import { axisProps, tooltipStyle } from './chart-frame'
import { PlotContainer } from './plot-container'

interface Row {
  model: string
  value: number | null
  winner: boolean
}

interface PlotProps {
  values: ModelValue[]
  labelOf: (t: string) => string
  height: number
}

function rows(values: ModelValue[], labelOf: (t: string) => string): Row[] {
  return values.map((v) => ({
    model: `${v.isWinner ? '★ ' : ''}${labelOf(v.modelType)}`,
    value: Number.isFinite(v.value) ? v.value : null,
    winner: v.isWinner,
  }))
}

/** The recharts body of WapeByModelChart. */
export function WapeByModelPlot({ values, labelOf, height }: PlotProps) {
  const data = rows(values, labelOf)
  return (
    <PlotContainer height={height}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 48, top: 4, bottom: 4 }}>
        <CartesianGrid horizontal={false} stroke="var(--border)" />
        <XAxis type="number" {...axisProps} tickFormatter={(v: number) => `${v}%`} />
        <YAxis type="category" dataKey="model" width={150} {...axisProps} />
        <Tooltip contentStyle={tooltipStyle} formatter={(v) => [formatPercent(Number(v)), 'WAPE']} cursor={{ fill: 'var(--muted)' }} />
        <Bar dataKey="value" radius={[0, 4, 4, 0]} isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.model} fill={d.winner ? CHAMPION_COLOR : 'var(--chart-1)'} />
          ))}
          <LabelList dataKey="value" position="right" formatter={(v: unknown) => formatPercent(Number(v))} fill="var(--foreground)" fontSize={11} />
        </Bar>
      </BarChart>
    </PlotContainer>
  )
}

/**
 * The recharts body of BiasByModelChart. The signed value is part of each model's axis label
 * ("Naive (+2.50)") rather than a label at the bar's end: a negative bar's end points at the
 * model names, and on a phone the labels ran into them.
 */
export function BiasByModelPlot({ values, labelOf, height }: PlotProps) {
  const data = rows(values, labelOf).map((r) => ({ ...r, model: `${r.model} (${formatSigned(r.value)})` }))
  return (
    <PlotContainer height={height}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
        <CartesianGrid horizontal={false} stroke="var(--border)" />
        <XAxis type="number" {...axisProps} />
        <YAxis type="category" dataKey="model" width={190} {...axisProps} />
        <ReferenceLine x={0} stroke="var(--muted-foreground)" />
        <Tooltip contentStyle={tooltipStyle} formatter={(v) => [formatSigned(Number(v)), 'bias']} cursor={{ fill: 'var(--muted)' }} />
        <Bar dataKey="value" radius={4} isAnimationActive={false}>
          {data.map((d) => (
            <Cell
              key={d.model}
              fill={d.value !== null && d.value < 0 ? 'var(--chart-negative)' : 'var(--chart-positive)'}
              stroke={d.winner ? CHAMPION_COLOR : undefined}
              strokeWidth={d.winner ? 3 : 0}
            />
          ))}
        </Bar>
      </BarChart>
    </PlotContainer>
  )
}
