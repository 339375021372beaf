import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useSyncExternalStore } from 'react'
import { isApiError } from '@/lib/api-error'
import { endSession, getSession, subscribeSession, type SessionEnd } from '@/lib/session'
import { whoamiQueryOptions } from '../api/get-whoami'
import type { Identity } from '../types/identity'

export type AuthState =
  | { status: 'signed-out'; ended: SessionEnd | null }
  /** a token kept from before a reload is being checked */
  | { status: 'checking' }
  /** the kept token could not be checked (network, 5xx) */
  | { status: 'unverified'; error: unknown; retry: () => void; signOut: () => void }
  | { status: 'signed-in'; identity: Identity; signOut: () => void }

/**
 * Where the session stands. A token kept in sessionStorage is checked with GET /whoami
 * before the dashboard shows; a 401 to it ends the session. Signing out, or any request
 * answered 401 (lib/api-client), ends it and empties the query cache, so nothing read with
 * the old token stays on screen or is reused by the next sign-in.
 */
export function useAuth(): AuthState {
  const { token, ended } = useSyncExternalStore(subscribeSession, getSession)
  const qc = useQueryClient()
  const whoami = useQuery({ ...whoamiQueryOptions(token ?? ''), enabled: !!token })
  const rejected = !!token && isApiError(whoami.error) && whoami.error.status === 401
  useEffect(() => {
    if (rejected) endSession('rejected', token)
  }, [rejected, token])
  useEffect(() => {
    if (!token) qc.clear()
  }, [token, qc])
  const signOut = useCallback(() => endSession('signed-out'), [])
  const retry = whoami.refetch

  if (!token) return { status: 'signed-out', ended }
  if (whoami.data) return { status: 'signed-in', identity: whoami.data, signOut }
  if (whoami.isError && !rejected) return { status: 'unverified', error: whoami.error, retry: () => void retry(), signOut }
  return { status: 'checking' }
}
