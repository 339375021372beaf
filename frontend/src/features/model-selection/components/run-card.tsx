import { Play } from 'lucide-react'
import { ProblemAlert } from '@/components/problem-alert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card'
import { Spinner } from '@/components/ui/spinner'

/** Card 5: the Run button, disabled with a visible reason until the form is valid. */
export function RunCard({
  blockedReason,
  submitting,
  running,
  submitError,
  summary,
  onRun,
}: {
  blockedReason?: string
  submitting: boolean
  running: boolean
  submitError: unknown
  summary?: string
  onRun: () => void
}) {
  const busy = submitting || running
  const disabled = !!blockedReason || busy
  return (
    <Card aria-labelledby="run-title" data-testid="run-card">
      <CardHeader>
        <CardTitle id="run-title">
          <span className="text-muted-foreground">5.</span> Run comparison
        </CardTitle>
      </CardHeader>
      <CardContent className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" size="lg" onClick={onRun} disabled={disabled} aria-describedby="run-reason" data-testid="run-button">
            {busy ? <Spinner /> : <Play />}
            {submitting ? 'Submitting…' : running ? 'Running…' : 'Run comparison'}
          </Button>
          <p id="run-reason" className="text-sm text-muted-foreground" aria-live="polite" data-testid="run-reason">
            {blockedReason ?? (running ? 'A comparison is running; its progress is shown below.' : summary)}
          </p>
        </div>
        {submitError != null && <ProblemAlert error={submitError} title="The run could not be started" />}
      </CardContent>
    </Card>
  )
}
