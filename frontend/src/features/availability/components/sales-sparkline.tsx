import { lazy } from 'react'
import { Deferred } from '@/components/deferred'
import { Skeleton } from '@/components/ui/skeleton'
import { errorMessage } from '@/lib/api-error'
import { useSales } from '../api/get-sales'
import type { SalesPoint } from './sales-sparkline-plot'

const SalesSparklinePlot = lazy(() => import('./sales-sparkline-plot'))

/** The pair's daily sales history (GET /sales) as a small area chart. */
export function SalesSparkline({ storeId, productId }: { storeId: string; productId: string }) {
  const sales = useSales(storeId, productId)
  if (sales.isPending) return <Skeleton className="h-16 w-full" />
  if (sales.isError)
    return <p className="text-xs text-destructive">Sales history unavailable: {errorMessage(sales.error)}</p>
  const points: SalesPoint[] = sales.data.points.map((p) => ({ date: p.date, quantity: p.quantity, promo: p.promoActive }))
  if (points.length === 0) return <p className="text-xs text-muted-foreground">No sales rows for this pair.</p>
  return (
    <figure aria-label={`Sales history, ${points.length} days from ${points[0].date} to ${points[points.length - 1].date}`} className="h-16 w-full">
      <Deferred label="Sales chart">
        <SalesSparklinePlot points={points} />
      </Deferred>
    </figure>
  )
}
