import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { serveEventStreams } from '@/testing/event-stream'
import { problem } from '@/testing/handlers'
import { server } from '@/testing/server'
import { ApiError } from './api-error'
import { readEventStream } from './event-stream'
import { currentToken, startSession } from './session'
import type { SseEvent } from './sse-parser'

function collect() {
  const events: SseEvent[] = []
  const comments: string[] = []
  return { events, comments, handlers: { onEvent: (e: SseEvent) => events.push(e), onComment: (c: string) => comments.push(c) } }
}

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(check()).toBe(true)
}

describe('readEventStream', () => {
  it('sends the session token, delivers events as they arrive and resolves at the end', async () => {
    startSession('tok-1')
    const { latest } = serveEventStreams('*/events')
    const { events, comments, handlers } = collect()
    const done = readEventStream('/events', handlers, new AbortController().signal)
    await until(() => latest() !== undefined)
    const stream = latest()!
    expect(stream.request.headers.get('authorization')).toBe('Bearer tok-1')
    expect(stream.request.headers.get('accept')).toBe('text/event-stream')
    stream.comment()
    stream.send({ a: 1 })
    await until(() => events.length === 1)
    expect(events[0]).toEqual({ event: 'snapshot', data: '{"a":1}', id: '' })
    expect(comments).toEqual(['heartbeat'])
    stream.close()
    await done
  })

  it('joins a UTF-8 character split between chunks', async () => {
    const { latest } = serveEventStreams('*/events')
    const { events, handlers } = collect()
    const done = readEventStream('/events', handlers, new AbortController().signal)
    await until(() => latest() !== undefined)
    const bytes = new TextEncoder().encode('data: Café №1\n\n')
    const cut = bytes.indexOf(0xc3) + 1 // inside the two bytes of "é"
    latest()!.sendRaw(bytes.slice(0, cut))
    latest()!.sendRaw(bytes.slice(cut))
    latest()!.close()
    await done
    expect(events.map((e) => e.data)).toEqual(['Café №1'])
  })

  it('rejects with the problem of a non-2xx answer', async () => {
    server.use(http.get('*/events', () => problem(503, 'UNAVAILABLE', 'too many event streams')))
    const err = await readEventStream('/events', collect().handlers, new AbortController().signal).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(503)
    expect((err as ApiError).detail).toBe('too many event streams')
  })

  it('ends the session when the gateway answers 401 to its token', async () => {
    startSession('expired')
    server.use(http.get('*/events', () => problem(401, 'UNAUTHENTICATED', 'token expired')))
    const err = await readEventStream('/events', collect().handlers, new AbortController().signal).catch((e: unknown) => e)
    expect((err as ApiError).status).toBe(401)
    expect(currentToken()).toBeNull()
  })

  it('rejects an answer that is not an event stream', async () => {
    server.use(http.get('*/events', () => HttpResponse.json({ not: 'a stream' })))
    const err = (await readEventStream('/events', collect().handlers, new AbortController().signal).catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('NOT_AN_EVENT_STREAM')
  })

  it('rejects when the connection breaks mid-stream', async () => {
    const { latest } = serveEventStreams('*/events')
    const { events, handlers } = collect()
    const done = readEventStream('/events', handlers, new AbortController().signal).catch((e: unknown) => e)
    await until(() => latest() !== undefined)
    latest()!.send({ n: 1 })
    await until(() => events.length === 1)
    latest()!.fail()
    expect(await done).toBeInstanceOf(Error)
  })

  it('stops reading and rejects with an AbortError once aborted', async () => {
    const { latest } = serveEventStreams('*/events')
    const controller = new AbortController()
    const done = readEventStream('/events', collect().handlers, controller.signal).catch((e: unknown) => e)
    await until(() => latest() !== undefined)
    controller.abort()
    const err = await done
    expect((err as Error).name).toBe('AbortError')
    await until(() => latest()!.clientGone)
  })
})
