import { useMutation, useQueryClient } from '@tanstack/react-query'
import { KeyRound, LogIn } from 'lucide-react'
import { useRef, useState, type FormEvent } from 'react'
import { Alert, AlertDescription } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Input } from '@/components/ui/input'
import { FieldMessage, Label } from '@/components/ui/label'
import { Spinner } from '@/components/ui/spinner'
import { errorMessage, isApiError } from '@/lib/api-error'
import { startSession, type SessionEnd } from '@/lib/session'
import { whoamiQueryOptions } from '../api/get-whoami'

function signInError(error: unknown): string {
  if (isApiError(error) && error.status === 401)
    return 'This token was not accepted. Check that it was copied in full and is still valid: tokens can expire or be revoked.'
  if (isApiError(error) && error.status === 0)
    return 'The gateway could not be reached. Check your connection and that the gateway is running, then try again.'
  if (isApiError(error)) return `Sign-in failed (${error.status}): ${errorMessage(error)}`
  return `Sign-in failed: ${errorMessage(error)}`
}

const ENDED: Record<SessionEnd, { text: string; variant: 'info' | 'warning'; role: 'status' | 'alert' }> = {
  'signed-out': { text: 'You have signed out.', variant: 'info', role: 'status' },
  rejected: {
    text: 'Your session has ended: the gateway no longer accepts your token (it expired, was revoked or was replaced). Sign in again.',
    variant: 'warning',
    role: 'alert',
  },
}

/**
 * The token form shown while signed out. The token is checked with GET /whoami before it is
 * kept (lib/session); errors are announced and focus returns to the field.
 */
export function SignInScreen({ ended }: { ended: SessionEnd | null }) {
  const qc = useQueryClient()
  const [token, setToken] = useState('')
  const [emptyError, setEmptyError] = useState(false)
  const [attempted, setAttempted] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const signIn = useMutation({
    mutationFn: (t: string) => qc.fetchQuery(whoamiQueryOptions(t)),
    onSuccess: (_identity, t) => startSession(t),
    onError: () => {
      input.current?.focus()
      input.current?.select()
    },
  })

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    const t = token.trim()
    setEmptyError(!t)
    if (!t) {
      input.current?.focus()
      return
    }
    signIn.mutate(t)
  }

  const error = emptyError ? 'Enter your API token.' : signIn.isError ? signInError(signIn.error) : undefined
  const notice = ended && !attempted ? ENDED[ended] : undefined
  return (
    <div className="mx-auto mt-12 max-w-md">
      <Card aria-labelledby="sign-in-title" data-testid="sign-in">
        <CardHeader>
          <CardTitle id="sign-in-title" className="flex items-center gap-2">
            <KeyRound className="size-4" aria-hidden /> Sign in
          </CardTitle>
          <CardDescription>Champion needs an API token to show and run model comparisons.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {notice && (
            <Alert variant={notice.variant} role={notice.role} data-testid="session-ended">
              <AlertDescription>{notice.text}</AlertDescription>
            </Alert>
          )}
          {/* POST, so that even a submission without this script never puts the token in a URL. */}
          <form method="post" noValidate onSubmit={onSubmit} className="space-y-3">
            <div className="space-y-1.5">
              <Label htmlFor="api-token">API token</Label>
              <Input
                ref={input}
                id="api-token"
                name="token"
                type="password"
                autoComplete="off"
                autoCapitalize="off"
                spellCheck={false}
                autoFocus
                value={token}
                onChange={(e) => setToken(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? 'api-token-error api-token-hint' : 'api-token-hint'}
                data-testid="token-input"
              />
              <FieldMessage id="api-token-error">{error}</FieldMessage>
              <p id="api-token-hint" className="text-xs text-muted-foreground">
                Kept for this browser tab only (session storage) and forgotten when the tab closes. On the local stack
                the token is in <code>.local/stack/dev-token</code>.
              </p>
            </div>
            <Button type="submit" disabled={signIn.isPending} data-testid="sign-in-button">
              {signIn.isPending ? <Spinner /> : <LogIn />}
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  )
}
