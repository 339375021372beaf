import { apiFetch, problemFrom } from './api-client'
import { ApiError } from './api-error'
import { SseParser, type SseHandlers } from './sse-parser'

/** Whether fetch() response bodies can be read as a stream (browsers without it poll). */
export function streamingSupported(): boolean {
  return typeof ReadableStream === 'function' && typeof TextDecoder === 'function' && 'body' in Response.prototype
}

/**
 * Reads the server-sent events of GET `path` through the API client, so the request carries
 * the Authorization header (EventSource cannot send headers). Resolves when the server ends
 * the stream; rejects with an ApiError for a non-2xx answer, a network failure or an answer
 * that is not text/event-stream, with the reader's error when the connection breaks, and with
 * an AbortError once `signal` aborts. Handlers run for every event and comment as they arrive.
 */
export async function readEventStream(path: string, handlers: SseHandlers, signal: AbortSignal): Promise<void> {
  const response = await apiFetch(path, { headers: { Accept: 'text/event-stream' }, signal })
  if (!response.ok) throw await problemFrom(response)
  const type = (response.headers.get('Content-Type') ?? '').toLowerCase()
  if (!type.startsWith('text/event-stream') || !response.body) {
    void response.body?.cancel().catch(() => {})
    throw new ApiError({
      status: response.status,
      code: 'NOT_AN_EVENT_STREAM',
      title: 'Not an event stream',
      detail: `expected text/event-stream, got ${type || 'no content type'}`,
    })
  }
  const reader = response.body.getReader()
  // Streaming decode: a UTF-8 sequence split between chunks is joined before parsing.
  const decoder = new TextDecoder()
  const parser = new SseParser(handlers)
  // Aborting the fetch does not end a body that is already being read everywhere (mocked
  // responses): cancelling the reader ends the pending read at once.
  const stop = () => void reader.cancel().catch(() => {})
  signal.addEventListener('abort', stop)
  try {
    signal.throwIfAborted()
    for (;;) {
      const { done, value } = await reader.read()
      signal.throwIfAborted()
      if (done) break
      parser.push(decoder.decode(value, { stream: true }))
    }
    parser.push(decoder.decode())
    parser.end()
  } finally {
    signal.removeEventListener('abort', stop)
    // Stops the download if the caller stopped listening early (no-op after the end).
    stop()
  }
}
