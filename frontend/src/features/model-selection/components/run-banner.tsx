import { AlertTriangle, Ban, XCircle } from 'lucide-react'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { RunState, type Run } from '@/types/api'

/** What happened to a partial / failed / cancelled run, with its error_message. */
export function RunBanner({ run }: { run: Run }) {
  const p = run.progress
  const counts = p ? `${p.completed} of ${p.total} candidates completed, ${p.failed} failed, ${p.cancelled} cancelled.` : ''
  let title: string
  let body: string
  let variant: 'warning' | 'destructive'
  let Icon = AlertTriangle
  switch (run.status) {
    case RunState.PARTIAL:
      title = 'Partial result'
      body = `Some candidates did not finish; the ranking uses the ones that did. ${counts}`
      variant = 'warning'
      break
    case RunState.FAILED:
      title = 'The run failed'
      body = `No candidate produced a usable backtest. ${counts}`
      variant = 'destructive'
      Icon = XCircle
      break
    case RunState.CANCELLED:
      title = 'The run was cancelled'
      body = `Pending candidates were skipped and running ones stopped. ${counts}`
      variant = 'warning'
      Icon = Ban
      break
    default:
      return null
  }
  return (
    <Alert variant={variant} data-testid="run-banner">
      <Icon />
      <AlertTitle>{title}</AlertTitle>
      <AlertDescription>
        <p>{body}</p>
        {run.errorMessage && (
          <p className="mt-1 font-mono text-xs" data-testid="run-error-message">
            {run.errorMessage}
          </p>
        )}
      </AlertDescription>
    </Alert>
  )
}
