import { History, RefreshCw } from 'lucide-react'
import { ProblemAlert } from '@/components/problem-alert'
import { ConfidenceBadge, RunStatusBadge } from '@/components/run-status-badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatDateTime, formatRelative, toDate } from '@/lib/format'
import { cn } from '@/lib/utils'
import { ConfidenceLevel } from '@/types/api'
import { useRuns } from '../api/list-runs'

/** Recent runs (for the chosen pair, or all), newest first; each opens its results. */
export function RunHistoryList({
  storeId,
  productId,
  selectedId,
  onOpen,
  labelOf,
}: {
  storeId?: string
  productId?: string
  selectedId?: string
  onOpen: (selectionId: string) => void
  /** the catalog's display name of a model_type, the same one the results use */
  labelOf: (modelType: string) => string
}) {
  const runs = useRuns(storeId, productId)
  const scope = storeId && productId ? 'for this pair' : 'all pairs'
  let body
  if (runs.isPending) {
    body = (
      <div className="space-y-2" aria-busy="true" aria-label="Loading run history">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-12" />
        ))}
      </div>
    )
  } else if (runs.isError) {
    body = <ProblemAlert error={runs.error} title="Run history unavailable" />
  } else if (runs.data.runs.length === 0) {
    body = (
      <p className="text-sm text-muted-foreground" data-testid="history-empty">
        No runs yet {scope}.
      </p>
    )
  } else {
    const now = new Date()
    body = (
      <ul className="space-y-1.5" data-testid="history-list">
        {runs.data.runs.map((r) => {
          const created = toDate(r.createdAt)
          const active = r.selectionId === selectedId
          return (
            <li key={r.selectionId}>
              <button
                type="button"
                onClick={() => onOpen(r.selectionId)}
                aria-current={active || undefined}
                className={cn(
                  'w-full rounded-md border px-2.5 py-2 text-left text-sm hover:bg-muted/60 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                  active && 'border-primary bg-primary/5',
                )}
              >
                <div className="flex flex-wrap items-center justify-between gap-1">
                  <RunStatusBadge status={r.status} />
                  <time className="text-xs text-muted-foreground" dateTime={created?.toISOString()} title={formatDateTime(created)}>
                    {formatRelative(created, now)}
                  </time>
                </div>
                <div className="mt-1 flex flex-wrap items-center gap-1.5">
                  <span className="font-medium">{r.winnerModelType ? labelOf(r.winnerModelType) : 'no winner'}</span>
                  {r.winnerModelType && r.recommendationConfidence !== ConfidenceLevel.UNSPECIFIED && (
                    <ConfidenceBadge level={r.recommendationConfidence} />
                  )}
                </div>
                <div className="mt-0.5 text-xs text-muted-foreground">
                  {!(storeId && productId) && `store ${r.storeId} · product ${r.productId} · `}
                  <code>{r.selectionId.slice(0, 8)}</code>
                </div>
              </button>
            </li>
          )
        })}
      </ul>
    )
  }
  return (
    <Card aria-labelledby="history-title" data-testid="history-card">
      <CardHeader className="flex-row items-start justify-between gap-2">
        <div>
          <CardTitle id="history-title" className="flex items-center gap-1.5">
            <History className="size-4" aria-hidden /> Run history
          </CardTitle>
          <CardDescription>Recent runs, {scope}.</CardDescription>
        </div>
        <Button variant="ghost" size="icon" aria-label="Refresh run history" onClick={() => runs.refetch()} disabled={runs.isFetching}>
          <RefreshCw className={cn(runs.isFetching && 'animate-spin')} />
        </Button>
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  )
}
