import { http, HttpResponse } from 'msw'
import { server } from './server'

/** One server-sent event stream answered by MSW, driven by the test. */
export interface FakeStream {
  readonly request: Request
  /** an `event: <name>` with the JSON of `data` */
  send: (data: unknown, event?: string) => void
  /** bytes exactly as given (split events, CRLF, broken UTF-8 sequences) */
  sendRaw: (chunk: string | Uint8Array) => void
  comment: (text?: string) => void
  /** the server ends the stream */
  close: () => void
  /** the connection breaks */
  fail: () => void
  /** whether the client went away (aborted or cancelled the body) */
  readonly clientGone: boolean
}

/**
 * Answers GET `path` (the run events route by default) with a text/event-stream body the test
 * writes to; every request opens a new stream, listed in `streams`.
 */
export function serveEventStreams(path = '*/model-selection/:id/events') {
  const streams: FakeStream[] = []
  server.use(
    http.get(path, ({ request }) => {
      const encoder = new TextEncoder()
      let controller!: ReadableStreamDefaultController<Uint8Array>
      let cancelled = false
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c
        },
        cancel() {
          cancelled = true
        },
      })
      const write = (chunk: string | Uint8Array) => {
        if (cancelled || request.signal.aborted) return
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      }
      streams.push({
        request,
        send: (data, event = 'snapshot') => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
        sendRaw: write,
        comment: (text = 'heartbeat') => write(`: ${text}\n\n`),
        close: () => controller.close(),
        fail: () => controller.error(new TypeError('network error')),
        get clientGone() {
          return cancelled || request.signal.aborted
        },
      })
      return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } })
    }),
  )
  return { streams, latest: () => streams[streams.length - 1] as FakeStream | undefined }
}
