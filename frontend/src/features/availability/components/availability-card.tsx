import { AlertTriangle, Database } from 'lucide-react'
import type { ReactNode } from 'react'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { errorMessage } from '@/lib/api-error'
import { formatNumber, formatRatio } from '@/lib/format'
import { AvailabilityStatus, DemandPattern, SplitStrategy, type PairAvailability } from '@/types/api'
import { useAvailability } from '../api/get-availability'
import { AvailabilityStatusBadge } from './availability-status-badge'
import { SalesSparkline } from './sales-sparkline'

function Tile({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="rounded-lg border bg-background/60 p-2.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
      {hint && <dd className="text-xs text-muted-foreground">{hint}</dd>}
    </div>
  )
}

const demandPatternLabel: Record<DemandPattern, string> = {
  [DemandPattern.UNSPECIFIED]: 'n/a',
  [DemandPattern.SMOOTH]: 'Smooth',
  [DemandPattern.ERRATIC]: 'Erratic',
  [DemandPattern.INTERMITTENT]: 'Intermittent',
  [DemandPattern.LUMPY]: 'Lumpy',
  [DemandPattern.NO_DEMAND]: 'No demand',
}

/** "ADI 4.00 · CV² 0.31": Syntetos–Boylan's two figures, when the pair has sales. */
function demandFigures(a: PairAvailability): string | undefined {
  if (a.adi === undefined || a.cv2 === undefined) return undefined
  return `ADI ${formatNumber(a.adi, 2)} · CV² ${formatNumber(a.cv2, 2)}`
}

function AvailabilityBody({ a, storeId, productId }: { a: PairAvailability; storeId: string; productId: string }) {
  const split = a.recommendedSplitConfig
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <AvailabilityStatusBadge status={a.status} />
        <span className="text-sm">{a.reason}</span>
      </div>
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 xl:grid-cols-6">
        <Tile
          label="Observed days"
          value={formatNumber(a.observedDays, 0)}
          hint={a.firstDate ? `${a.firstDate} → ${a.lastDate}` : 'no sales rows'}
        />
        <Tile label="Coverage" value={formatRatio(a.coverageRatio)} hint={`${a.missingDays} missing days`} />
        <Tile label="Zero-sale days" value={formatNumber(a.zeroSaleDays, 0)} />
        <Tile label="Promotion days" value={a.promotionDays === undefined ? 'n/a' : formatNumber(a.promotionDays, 0)} />
        <Tile label="Avg daily demand" value={formatNumber(a.averageDailyDemand, 2)} />
        <Tile label="Demand pattern" value={demandPatternLabel[a.demandPattern]} hint={demandFigures(a)} />
      </dl>
      <p className="text-xs text-muted-foreground">
        Needs {a.requiredDaysReady} observed days for <em>ready</em>, {a.requiredDaysLimited} for <em>limited</em> (horizon{' '}
        {a.forecastHorizon}).
      </p>
      {split && a.status !== AvailabilityStatus.UNUSABLE && (
        <p className="text-sm" data-testid="recommended-split">
          <span className="font-medium">Recommended split:</span>{' '}
          {split.strategy === SplitStrategy.SLIDING ? 'sliding' : 'expanding'} window, {split.nSplits ?? 5} folds, min train{' '}
          {split.minTrainSize ?? 30} days, gap {split.gap ?? 0}, horizon {split.horizon ?? a.forecastHorizon}
        </p>
      )}
      {a.warnings.length > 0 && (
        <Alert variant="warning">
          <AlertTriangle />
          <AlertTitle>Warnings</AlertTitle>
          <AlertDescription>
            <ul className="list-disc pl-4">
              {a.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      )}
      <SalesSparkline storeId={storeId} productId={productId} />
    </div>
  )
}

/** Card 2: how much usable history the chosen pair has (GET /model-selection/availability). */
export function AvailabilityCard({
  storeId,
  productId,
  horizon,
}: {
  storeId?: string
  productId?: string
  /** undefined while the horizon input is invalid */
  horizon?: number
}) {
  const q = useAvailability(storeId, productId, horizon)
  let body: ReactNode
  if (!storeId || !productId) {
    body = (
      <p className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="availability-empty">
        <Database className="size-4" /> Choose a store and a product to check their history.
      </p>
    )
  } else if (horizon === undefined) {
    body = <p className="text-sm text-muted-foreground">Enter a forecast horizon between 1 and 90 days.</p>
  } else if (q.isPending) {
    body = (
      <div className="space-y-2" aria-busy="true" aria-label="Loading availability">
        <Skeleton className="h-5 w-1/3" />
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-5">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} className="h-16" />
          ))}
        </div>
      </div>
    )
  } else if (q.isError) {
    body = (
      <Alert variant="destructive">
        <AlertTriangle />
        <AlertTitle>Could not check availability</AlertTitle>
        <AlertDescription>{errorMessage(q.error)}</AlertDescription>
      </Alert>
    )
  } else {
    body = (
      <>
        {q.data.status === AvailabilityStatus.UNUSABLE && (
          <Alert variant="destructive" className="mb-3">
            <AlertTriangle />
            <AlertTitle>Not enough data for a backtest</AlertTitle>
            <AlertDescription>
              {q.data.observedDays} observed days; at least {q.data.requiredDaysLimited} are needed with this horizon. Pick
              another pair or a shorter horizon.
            </AlertDescription>
          </Alert>
        )}
        <AvailabilityBody a={q.data} storeId={storeId} productId={productId} />
      </>
    )
  }
  return (
    <Card aria-labelledby="availability-title" data-testid="availability-card">
      <CardHeader>
        <CardTitle id="availability-title">
          <span className="text-muted-foreground">2.</span> Data availability
        </CardTitle>
        <CardDescription>History of the pair, checked before any backtest.</CardDescription>
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  )
}
