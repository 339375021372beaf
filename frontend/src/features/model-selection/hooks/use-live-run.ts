import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { isApiError } from '@/lib/api-error'
import { readEventStream, streamingSupported } from '@/lib/event-stream'
import { parseMessage } from '@/lib/proto-json'
import { isTerminal } from '@/lib/run-state'
import { RunSchema, type Run } from '@/types/api'
import { runPath, runQueryOptions } from '../api/get-run'
import { selectionKeys } from '../api/keys'

export const POLL_INTERVAL_MS = 2000
/**
 * A stream silent for this long (no event, no heartbeat comment: the gateway sends one every
 * 15 s by default) counts as broken.
 */
export const STREAM_SILENCE_MS = 45_000

export type LiveTransport = 'sse' | 'polling' | 'idle'

/** 4xx (and 501) answers will not change by asking again; 5xx/network may. */
function isPermanent(error: unknown): boolean {
  return isApiError(error) && ((error.status >= 400 && error.status < 500) || error.status === 501)
}

/**
 * The run `selectionId`, kept live until it reaches a terminal state: server-sent events from
 * GET /model-selection/{id}/events (each `snapshot` event carries the full Run), read with a
 * fetch() stream so the request carries the Authorization header (EventSource cannot send
 * one), falling back to polling GET /model-selection/{id} every 2 s when streaming is missing
 * or the stream fails. Both stop at a terminal state.
 */
export function useLiveRun(selectionId: string | undefined, options: { onTerminal?: (run: Run) => void } = {}) {
  const qc = useQueryClient()
  // The run id for which the stream failed; polling is used for it from then on.
  const [fallbackFor, setFallbackFor] = useState<string | null>(null)
  const sseSupported = streamingSupported()
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
    const controller = new AbortController()
    // The stream failed (no endpoint, a buffering proxy, a dropped or silent connection, the
    // server's end before a terminal state) or sent a problem as an "error" event: poll
    // instead (a poll answers the current state just as a resumed stream would).
    const fallBack = () => {
      if (controller.signal.aborted) return
      controller.abort()
      setFallbackFor(selectionId)
    }
    let silence = setTimeout(fallBack, STREAM_SILENCE_MS)
    const heard = () => {
      clearTimeout(silence)
      silence = setTimeout(fallBack, STREAM_SILENCE_MS)
    }
    const onEvent = ({ event, data }: { event: string; data: string }) => {
      heard()
      if (event === 'error') return fallBack()
      // `done` carries the settled run; the server closes the stream after it.
      if (event !== 'snapshot' && event !== 'done' && event !== 'message') return
      let run: Run
      try {
        run = parseMessage(RunSchema, JSON.parse(data))
      } catch {
        return // a malformed event: keep the last good snapshot
      }
      qc.setQueryData(key, run)
      if (isTerminal(run.status)) controller.abort()
    }
    readEventStream(`${runPath(selectionId)}/events`, { onEvent, onComment: heard }, controller.signal).then(
      fallBack,
      (error: unknown) => {
        // A 401 has ended the session (the page goes back to sign-in): nothing to poll for.
        if (isApiError(error) && error.status === 401) return controller.abort()
        fallBack()
      },
    )
    return () => {
      clearTimeout(silence)
      controller.abort()
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
