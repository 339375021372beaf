import { RefreshCw } from 'lucide-react'
import { ProblemAlert } from '@/components/problem-alert'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import type { AuthState } from '../hooks/use-auth'
import { SignInScreen } from './sign-in-screen'

/** What shows instead of the dashboard until the session is confirmed. */
export function AuthScreen({ auth }: { auth: Exclude<AuthState, { status: 'signed-in' }> }) {
  if (auth.status === 'signed-out') return <SignInScreen ended={auth.ended} />
  if (auth.status === 'checking') {
    return (
      <p className="mt-12 flex items-center justify-center gap-2 text-sm text-muted-foreground" role="status" data-testid="session-checking">
        <Spinner /> Checking your session…
      </p>
    )
  }
  return (
    <div className="mx-auto mt-12 max-w-md space-y-3" data-testid="session-unverified">
      <ProblemAlert error={auth.error} title="Your session could not be checked" />
      <div className="flex gap-2">
        <Button onClick={auth.retry}>
          <RefreshCw /> Try again
        </Button>
        <Button variant="outline" onClick={auth.signOut}>
          Sign out
        </Button>
      </div>
    </div>
  )
}
