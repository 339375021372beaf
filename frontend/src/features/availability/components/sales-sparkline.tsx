import { Area, AreaChart, ResponsiveContainer, Tooltip, YAxis } from 'recharts'
import { Skeleton } from '@/components/ui/skeleton'
import { errorMessage } from '@/lib/api-error'
import { formatNumber } from '@/lib/format'
import { useSales } from '../api/get-sales'

/** The pair's daily sales history (GET /sales) as a small area chart. */
export function SalesSparkline({ storeId, productId }: { storeId: string; productId: string }) {
  const sales = useSales(storeId, productId)
  if (sales.isPending) return <Skeleton className="h-16 w-full" />
  if (sales.isError)
    return <p className="text-xs text-destructive">Sales history unavailable: {errorMessage(sales.error)}</p>
  const points = sales.data.points.map((p) => ({ date: p.date, quantity: p.quantity, promo: p.promoActive }))
  if (points.length === 0) return <p className="text-xs text-muted-foreground">No sales rows for this pair.</p>
  return (
    <figure aria-label={`Sales history, ${points.length} days from ${points[0].date} to ${points[points.length - 1].date}`} className="h-16 w-full">
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
    </figure>
  )
}
