import { LogOut, UserRound } from 'lucide-react'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { formatDateTime } from '@/lib/format'
import { hasScope, type Identity } from '../types/identity'

/** The header's session area: who is signed in, with what scopes, and the sign-out button. */
export function SessionMenu({ identity, onSignOut }: { identity: Identity; onSignOut: () => void }) {
  const readOnly = !hasScope(identity, 'runs:write')
  return (
    <div className="flex items-center gap-2" data-testid="session">
      <UserRound className="hidden size-4 text-muted-foreground sm:block" aria-hidden />
      <p className="text-sm">
        <span className="sr-only sm:not-sr-only">Signed in as </span>
        <strong data-testid="identity">{identity.name}</strong>
        <span className="sr-only" data-testid="scopes">
          {`, scopes: ${identity.scopes.length ? identity.scopes.join(', ') : 'none'}`}
        </span>
        {identity.expiresAt && (
          <span className="hidden text-xs text-muted-foreground md:inline" data-testid="expires">
            {` · token valid until ${formatDateTime(identity.expiresAt)}`}
          </span>
        )}
      </p>
      {readOnly && (
        <Badge variant="secondary" data-testid="read-only-badge">
          read-only
        </Badge>
      )}
      <Button variant="outline" size="sm" onClick={onSignOut} data-testid="sign-out">
        <LogOut /> Sign out
      </Button>
    </div>
  )
}
