import { Ban } from 'lucide-react'
import { useState } from 'react'
import { ProblemAlert } from '@/components/problem-alert'
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogTitle,
  AlertDialogTrigger,
} from '@/components/ui/alert-dialog'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { runStateLabel } from '@/lib/run-state'
import { useCancelRun, type CancelOutcome } from '../api/cancel-run'

function outcomeText(o: CancelOutcome): string {
  switch (o.kind) {
    case 'settled':
      return `Cancelled. The run settled as ${runStateLabel[o.run.status]}; completed results are kept.`
    case 'already-finished':
      return `The run had already finished, so there was nothing to cancel.${o.detail ? ` (${o.detail})` : ''}`
    case 'draining':
      return `Cancel accepted, but running candidates are still stopping; the status updates when they do.${o.detail ? ` (${o.detail})` : ''}`
  }
}

/**
 * Cancel button + confirmation; shows the outcome (settled / already finished / draining).
 * A confirmation that is open when the run settles on its own stays open: the user's answer
 * then reports that the run had already finished instead of the dialog vanishing under them.
 */
export function CancelRunDialog({
  selectionId,
  active,
  disabledReason,
  onSettled,
}: {
  selectionId: string
  active: boolean
  /** why this user may not cancel (a read-only token): the button is disabled with it */
  disabledReason?: string
  onSettled?: () => void
}) {
  const [open, setOpen] = useState(false)
  const cancel = useCancelRun(selectionId, { onSettled })
  if (disabledReason) {
    if (!active) return null
    return (
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button variant="outline" size="sm" disabled aria-describedby="cancel-disabled-reason" data-testid="cancel-button">
          <Ban /> Cancel run
        </Button>
        <p id="cancel-disabled-reason" className="text-xs text-muted-foreground" data-testid="cancel-disabled-reason">
          {disabledReason}
        </p>
      </div>
    )
  }
  return (
    <div className="space-y-2">
      {(active || open) && (
        <AlertDialog open={open} onOpenChange={setOpen}>
          <AlertDialogTrigger asChild>
            <Button variant="outline" size="sm" disabled={cancel.isPending} data-testid="cancel-button">
              {cancel.isPending ? <Spinner /> : <Ban />} Cancel run
            </Button>
          </AlertDialogTrigger>
          <AlertDialogContent>
            <AlertDialogTitle>Cancel this comparison?</AlertDialogTitle>
            <AlertDialogDescription asChild>
              <ul className="list-disc space-y-1 pl-5">
                <li>Pending candidates are skipped.</li>
                <li>Running candidates stop at once.</li>
                <li>Completed results are kept and still ranked.</li>
              </ul>
            </AlertDialogDescription>
            <div className="flex justify-end gap-2">
              <AlertDialogCancel asChild>
                <Button variant="outline">Keep running</Button>
              </AlertDialogCancel>
              <Button
                variant="destructive"
                data-testid="confirm-cancel"
                disabled={cancel.isPending}
                onClick={() => {
                  cancel.mutate(undefined, { onSettled: () => setOpen(false) })
                }}
              >
                {cancel.isPending && <Spinner />} Cancel run
              </Button>
            </div>
          </AlertDialogContent>
        </AlertDialog>
      )}
      {cancel.isSuccess && (
        <Alert variant={cancel.data.kind === 'draining' ? 'warning' : 'info'} data-testid="cancel-outcome">
          <AlertDescription>{outcomeText(cancel.data)}</AlertDescription>
        </Alert>
      )}
      {cancel.isError && <ProblemAlert error={cancel.error} title="Cancel failed" />}
    </div>
  )
}
