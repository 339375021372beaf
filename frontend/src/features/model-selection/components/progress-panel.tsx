import { useState } from 'react'
import { RunStatusBadge, CandidateStatusBadge } from '@/components/run-status-badge'
import { ChevronRight } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { Collapsible, CollapsibleContent, CollapsibleTrigger } from '@/components/ui/collapsible'
import { Progress } from '@/components/ui/progress'
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table'
import { formatDateTime, formatDuration, toDate } from '@/lib/format'
import { isActive } from '@/lib/run-state'
import { useNow } from '@/lib/use-now'
import { CandidateState, type Run } from '@/types/api'
import type { LiveTransport } from '../hooks/use-live-run'
import { CancelRunDialog } from './cancel-run-dialog'

function candidateDuration(c: Run['candidateProgress'][number], now: Date): string {
  if (c.durationMs !== undefined) return formatDuration(Number(c.durationMs))
  const start = toDate(c.startedAt)
  if (c.status === CandidateState.RUNNING && start) return formatDuration(now.getTime() - start.getTime())
  return '—'
}

/** Live progress of a run: status, folds bar, elapsed time, counts, candidate table, cancel. */
export function ProgressPanel({
  run,
  transport,
  cancelDisabledReason,
  onCancelSettled,
  labelOf,
  collapsed = false,
}: {
  run: Run
  /** the catalog's display name of a model_type (useModelLabel) */
  labelOf: (modelType: string) => string
  transport: LiveTransport
  /** see CancelRunDialog.disabledReason */
  cancelDisabledReason?: string
  onCancelSettled?: () => void
  /** a settled run: the candidate table starts folded (the results come first) */
  collapsed?: boolean
}) {
  const active = isActive(run.status)
  const now = useNow(active)
  const p = run.progress
  const start = toDate(run.startedAt) ?? toDate(run.createdAt)
  const end = toDate(run.completedAt)
  const elapsed = start ? (end ?? now).getTime() - start.getTime() : undefined
  const foldsDone = p?.foldsDone ?? run.candidateProgress.reduce((s, c) => s + c.foldsDone, 0)
  const foldsTotal = p?.foldsTotal ?? run.candidateProgress.reduce((s, c) => s + c.foldsTotal, 0)
  const counts: [string, number | undefined][] = [
    ['total', p?.total],
    ['pending', p?.pending],
    ['running', p?.running],
    ['completed', p?.completed],
    ['failed', p?.failed],
    ['cancelled', p?.cancelled],
  ]
  const [tableOpen, setTableOpen] = useState(false)
  const table = (
        <Table aria-label="Candidates">
          <THead>
            <TR>
              <TH>Model</TH>
              <TH>Status</TH>
              <TH>Folds</TH>
              <TH>Duration</TH>
              <TH>Error</TH>
            </TR>
          </THead>
          <TBody>
            {[...run.candidateProgress]
              .sort((a, b) => a.ordinal - b.ordinal)
              .map((c) => (
                <TR key={c.candidateId || `${c.ordinal}-${c.modelType}`}>
                  <TD className="font-medium">{labelOf(c.modelType)}</TD>
                  <TD>
                    <CandidateStatusBadge status={c.status} />
                  </TD>
                  <TD className="tabular-nums">
                    {c.foldsDone} / {c.foldsTotal}
                  </TD>
                  <TD className="tabular-nums">{candidateDuration(c, now)}</TD>
                  <TD className="max-w-xs text-xs break-words text-destructive">{c.error}</TD>
                </TR>
              ))}
          </TBody>
        </Table>
  )
  return (
    <Card aria-labelledby="progress-title" data-testid="progress-panel">
      <CardHeader className="flex-row flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <CardTitle id="progress-title">Progress</CardTitle>
          <RunStatusBadge status={run.status} />
          {active && (
            <span className="text-xs text-muted-foreground" data-testid="transport">
              {transport === 'sse' ? 'live updates' : 'refreshing every 2 s'}
            </span>
          )}
        </div>
        <CancelRunDialog
          selectionId={run.selectionId}
          active={active}
          disabledReason={cancelDisabledReason}
          onSettled={onCancelSettled}
        />
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="space-y-1">
          <div className="flex justify-between text-xs text-muted-foreground">
            <span>
              Folds {foldsDone} / {foldsTotal}
            </span>
            <span data-testid="elapsed">
              Elapsed {formatDuration(elapsed)}
              {start && ` · started ${formatDateTime(start)}`}
            </span>
          </div>
          <Progress value={foldsDone} max={foldsTotal} label="Backtest folds completed" />
        </div>
        <dl className="grid grid-cols-3 gap-2 text-center sm:grid-cols-6" data-testid="counts">
          {counts.map(([k, v]) => (
            <div key={k} className="rounded-md border px-2 py-1">
              <dt className="text-xs text-muted-foreground">{k}</dt>
              <dd className="font-semibold tabular-nums">{v ?? 0}</dd>
            </div>
          ))}
        </dl>
        {collapsed ? (
          <Collapsible open={tableOpen} onOpenChange={setTableOpen}>
            <CollapsibleTrigger asChild>
              <Button type="button" variant="ghost" size="sm" className="group -ml-2" data-testid="candidates-toggle">
                <ChevronRight className="transition-transform group-data-[state=open]:rotate-90" aria-hidden />
                Candidates ({run.candidateProgress.length})
              </Button>
            </CollapsibleTrigger>
            {/* forceMount: folded, the table stays in the page (hidden) for find-in-page and tests */}
            <CollapsibleContent forceMount hidden={!tableOpen}>
              {table}
            </CollapsibleContent>
          </Collapsible>
        ) : (
          table
        )}
      </CardContent>
    </Card>
  )
}
