import { AlertTriangle } from 'lucide-react'
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert'
import { errorMessage, isApiError } from '@/lib/api-error'

/** Shows an ApiError (problem+json) with its detail, field errors and request id. */
export function ProblemAlert({ error, title }: { error: unknown; title: string }) {
  const api = isApiError(error) ? error : undefined
  return (
    <Alert variant={api?.isNotImplemented ? 'warning' : 'destructive'} data-testid="problem">
      <AlertTriangle />
      <AlertTitle>
        {title}
        {api && api.status > 0 ? ` (${api.status}${api.code ? ` ${api.code}` : ''})` : ''}
      </AlertTitle>
      <AlertDescription>
        <p>{errorMessage(error)}</p>
        {api?.isNotImplemented && <p className="text-muted-foreground">This endpoint is not available in this backend build yet.</p>}
        {api && api.fieldErrors.length > 0 && (
          <ul className="mt-1 list-disc pl-4">
            {api.fieldErrors.map((f) => (
              <li key={`${f.field}:${f.message}`}>
                <code>{f.field}</code>: {f.message}
              </li>
            ))}
          </ul>
        )}
        {api?.requestId && <p className="mt-1 text-xs text-muted-foreground">Request id: {api.requestId}</p>}
      </AlertDescription>
    </Alert>
  )
}
