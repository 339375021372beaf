import { Area, AreaChart, ResponsiveContainer, Tooltip, YAxis } from 'recharts'
import { formatNumber } from '@/lib/format'

export interface SalesPoint {
  date: string
  quantity: number
  promo: boolean
}

/** The recharts body of SalesSparkline (loaded on demand: recharts is a chunk of its own). */
export default function SalesSparklinePlot({ points }: { points: SalesPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%" minWidth={0}>
      <AreaChart data={points} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
        <YAxis hide domain={[0, 'auto']} />
        <Tooltip
          formatter={(v) => [formatNumber(Number(v)), 'quantity']}
          labelFormatter={(_, payload) => String(payload?.[0]?.payload?.date ?? '')}
          contentStyle={{ background: 'var(--card)', border: '1px solid var(--border)', fontSize: 12 }}
        />
        <Area
          type="monotone"
          dataKey="quantity"
          stroke="var(--chart-1)"
          fill="var(--chart-1)"
          fillOpacity={0.2}
          strokeWidth={1.2}
          dot={false}
          isAnimationActive={false}
        />
      </AreaChart>
    </ResponsiveContainer>
  )
}
