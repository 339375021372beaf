import { queryOptions } from '@tanstack/react-query'
import { requestJson } from '@/lib/api-client'
import { parseIdentity, type Identity } from '../types/identity'
import { authKeys } from './keys'

/** GET /whoami with `token` (not necessarily the session's): 401 when it is not accepted. */
export async function getWhoami(token: string, signal?: AbortSignal): Promise<Identity> {
  return parseIdentity(await requestJson('/whoami', { token, signal }))
}

/** Asked once per token (on sign-in, or on a reload of the tab); the answer does not go stale. */
export const whoamiQueryOptions = (token: string) =>
  queryOptions({
    queryKey: authKeys.whoami(token),
    queryFn: ({ signal }) => getWhoami(token, signal),
    staleTime: Infinity,
    retry: false,
  })
