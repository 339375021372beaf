import { queryOptions, replaceEqualDeep } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { isTerminal } from '@/lib/run-state'
import { RunSchema, type Run } from '@/types/api'
import { selectionKeys } from './keys'

export function runPath(selectionId: string): string {
  return `/model-selection/${encodeURIComponent(selectionId)}`
}

export function getRun(selectionId: string, signal?: AbortSignal): Promise<Run> {
  return requestMessage(RunSchema, runPath(selectionId), { signal })
}

/**
 * The snapshot to keep when `next` arrives for a run already known as `previous`. A settled
 * run never changes again, so an answer that left the server before it settled (a refetch
 * racing the event stream's terminal snapshot) does not replace it.
 */
export function keepSettledRun(previous: unknown, next: unknown): unknown {
  if (isTerminal((previous as Run | undefined)?.status) && !isTerminal((next as Run | undefined)?.status)) return previous
  return replaceEqualDeep(previous, next)
}

export const runQueryOptions = (selectionId: string) =>
  queryOptions({
    queryKey: selectionKeys.detail(selectionId),
    queryFn: ({ signal }) => getRun(selectionId, signal),
    structuralSharing: keepSettledRun,
  })
