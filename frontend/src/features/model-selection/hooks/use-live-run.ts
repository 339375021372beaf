import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { isApiError } from '@/lib/api-error'
import { parseMessage } from '@/lib/proto-json'
import { isTerminal } from '@/lib/run-state'
import { RunSchema, type Run } from '@/types/api'
import { runPath, runQueryOptions } from '../api/get-run'
import { selectionKeys } from '../api/keys'

export const POLL_INTERVAL_MS = 2000

export type LiveTransport = 'sse' | 'polling' | 'idle'

/** 4xx (and 501) answers will not change by asking again; 5xx/network may. */
function isPermanent(error: unknown): boolean {
  return isApiError(error) && ((error.status >= 400 && error.status < 500) || error.status === 501)
}

/**
 * The run `selectionId`, kept live until it reaches a terminal state: server-sent events from
 * GET /model-selection/{id}/events (each event carries the full Run), falling back to polling
 * GET /model-selection/{id} every 2 s when EventSource is missing or the stream fails.
 * Both stop at a terminal state.
 */
export function useLiveRun(selectionId: string | undefined, options: { onTerminal?: (run: Run) => void } = {}) {
  const qc = useQueryClient()
  // The run id for which the stream failed; polling is used for it from then on.
  const [fallbackFor, setFallbackFor] = useState<string | null>(null)
  const sseSupported = typeof EventSource === 'function'
  const polling = !sseSupported || fallbackFor === selectionId

  const query = useQuery({
    ...runQueryOptions(selectionId ?? ''),
    enabled: !!selectionId,
    refetchInterval: (q) => {
      if (!polling) return false
      if (isTerminal(q.state.data?.status)) return false
      if (q.state.status === 'error' && isPermanent(q.state.error)) return false
      return POLL_INTERVAL_MS
    },
  })

  const hasData = query.data !== undefined
  const terminal = isTerminal(query.data?.status)

  useEffect(() => {
    if (!selectionId || polling || !hasData || terminal) return
    const key = selectionKeys.detail(selectionId)
    const source = new EventSource(`${runPath(selectionId)}/events`)
    const onSnapshot = (event: MessageEvent<string>) => {
      let run: Run
      try {
        run = parseMessage(RunSchema, JSON.parse(event.data))
      } catch {
        return // a malformed event: keep the last good snapshot
      }
      qc.setQueryData(key, run)
      if (isTerminal(run.status)) source.close()
    }
    const onError = () => {
      // The stream failed (no endpoint yet, a buffering proxy, a dropped connection) or sent
      // a problem as an "error" event. EventSource would reconnect forever: poll instead.
      source.close()
      setFallbackFor(selectionId)
    }
    source.addEventListener('snapshot', onSnapshot)
    source.addEventListener('message', onSnapshot)
    source.addEventListener('error', onError)
    return () => {
      source.removeEventListener('snapshot', onSnapshot)
      source.removeEventListener('message', onSnapshot)
      source.removeEventListener('error', onError)
      source.close()
    }
  }, [selectionId, polling, hasData, terminal, qc])

  const onTerminal = options.onTerminal
  const data = query.data
  useEffect(() => {
    if (data && isTerminal(data.status)) onTerminal?.(data)
    // Only when the state flips to terminal (or the run changes).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data?.selectionId, terminal])

  const transport: LiveTransport = !selectionId || terminal ? 'idle' : polling ? 'polling' : 'sse'
  return { ...query, transport }
}
