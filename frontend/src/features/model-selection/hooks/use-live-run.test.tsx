import { act, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { currentToken, startSession } from '@/lib/session'
import { serveEventStreams } from '@/testing/event-stream'
import { problem } from '@/testing/handlers'
import { renderHookWithClient, testQueryClient } from '@/testing/render'
import { makeRun, RUN_ID } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { parseMessage } from '@/lib/proto-json'
import { RunSchema, RunState } from '@/types/api'
import { selectionKeys } from '../api/keys'
import { STREAM_SILENCE_MS, useLiveRun } from './use-live-run'

function serveSequence(states: Parameters<typeof makeRun>[0][]) {
  let calls = 0
  server.use(
    http.get('*/model-selection/:id', () => {
      const s = states[Math.min(calls, states.length - 1)]
      calls++
      return HttpResponse.json(makeRun(s))
    }),
  )
  return () => calls
}

afterEach(() => vi.useRealTimers())

describe('useLiveRun over the event stream', () => {
  it('sends the token, applies each snapshot and stops reading at a terminal state', async () => {
    startSession('tok-live')
    serveSequence(['RUNNING'])
    const { streams, latest } = serveEventStreams()
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.RUNNING))
    await waitFor(() => expect(latest()).toBeDefined())
    const stream = latest()!
    expect(new URL(stream.request.url).pathname).toBe(`/model-selection/${RUN_ID}/events`)
    expect(stream.request.headers.get('authorization')).toBe('Bearer tok-live')
    expect(result.current.transport).toBe('sse')

    act(() => stream.comment())
    act(() => stream.send(makeRun('RUNNING')))
    act(() => stream.send(makeRun('COMPLETED')))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.COMPLETED))
    await waitFor(() => expect(stream.clientGone).toBe(true))
    expect(result.current.transport).toBe('idle')
    expect(streams).toHaveLength(1)
  })

  // The submit answer seeds the cache, so the stream opens at once while the mount refetch is
  // still in flight; that older answer landing after the terminal snapshot must not undo it.
  it('keeps a terminal snapshot when an older answer arrives after it', async () => {
    let answer: (() => void) | undefined
    server.use(
      http.get('*/model-selection/:id', async () => {
        await new Promise<void>((resolve) => (answer = resolve))
        return HttpResponse.json(makeRun('RUNNING'))
      }),
    )
    const { streams, latest } = serveEventStreams()
    const client = testQueryClient()
    client.setQueryData(selectionKeys.detail(RUN_ID), parseMessage(RunSchema, makeRun('PENDING')))
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID), client)
    await waitFor(() => expect(latest()).toBeDefined())
    await waitFor(() => expect(answer).toBeDefined())
    act(() => latest()!.send(makeRun('COMPLETED')))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.COMPLETED))
    await act(async () => answer!())
    await waitFor(() => expect(client.getQueryState(selectionKeys.detail(RUN_ID))?.fetchStatus).toBe('idle'))
    expect(result.current.data?.status).toBe(RunState.COMPLETED)
    expect(result.current.transport).toBe('idle')
    expect(streams).toHaveLength(1)
  })

  it('applies a snapshot split over chunks with CRLF line ends', async () => {
    serveSequence(['RUNNING'])
    const { latest } = serveEventStreams()
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(latest()).toBeDefined())
    const text = `event: snapshot\r\ndata: ${JSON.stringify(makeRun('PARTIAL'))}\r\n\r\n`
    const cut = Math.floor(text.length / 2)
    act(() => latest()!.sendRaw(text.slice(0, cut)))
    act(() => latest()!.sendRaw(text.slice(cut)))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.PARTIAL))
  })

  it('opens no stream for a run that is already terminal', async () => {
    serveSequence(['COMPLETED'])
    const { streams } = serveEventStreams()
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.COMPLETED))
    expect(streams).toHaveLength(0)
  })

  it('falls back to polling when the stream breaks, and stops polling at a terminal state', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const calls = serveSequence(['RUNNING', 'RUNNING', 'COMPLETED'])
    const { streams, latest } = serveEventStreams()
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(latest()).toBeDefined())
    act(() => latest()!.fail())
    await waitFor(() => expect(result.current.transport).toBe('polling'))

    await act(() => vi.advanceTimersByTimeAsync(2000))
    await act(() => vi.advanceTimersByTimeAsync(2000))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.COMPLETED))
    const after = calls()
    await act(() => vi.advanceTimersByTimeAsync(6000))
    expect(calls()).toBe(after)
    // No new stream was opened after the fallback.
    expect(streams).toHaveLength(1)
  })

  it('falls back to polling when the server ends the stream before a terminal state', async () => {
    serveSequence(['RUNNING'])
    const { latest } = serveEventStreams()
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(latest()).toBeDefined())
    act(() => latest()!.close())
    await waitFor(() => expect(result.current.transport).toBe('polling'))
  })

  it('falls back to polling on a problem sent as an "error" event', async () => {
    serveSequence(['RUNNING'])
    const { latest } = serveEventStreams()
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(latest()).toBeDefined())
    act(() => latest()!.send({ status: 503, title: 'Service Unavailable' }, 'error'))
    await waitFor(() => expect(result.current.transport).toBe('polling'))
    await waitFor(() => expect(latest()!.clientGone).toBe(true))
  })

  it('falls back to polling when the stream is refused (503, too many streams)', async () => {
    serveSequence(['RUNNING'])
    server.use(http.get('*/model-selection/:id/events', () => problem(503, 'UNAVAILABLE', 'too many event streams')))
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(result.current.transport).toBe('polling'))
  })

  it('keeps streaming while heartbeats arrive and falls back after a silence', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    serveSequence(['RUNNING'])
    const { latest } = serveEventStreams()
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(latest()).toBeDefined())
    for (let i = 0; i < 3; i++) {
      await act(() => vi.advanceTimersByTimeAsync(STREAM_SILENCE_MS - 5000))
      act(() => latest()!.comment())
      await act(() => vi.advanceTimersByTimeAsync(10))
    }
    expect(result.current.transport).toBe('sse')
    await act(() => vi.advanceTimersByTimeAsync(STREAM_SILENCE_MS + 10))
    await waitFor(() => expect(result.current.transport).toBe('polling'))
    expect(latest()!.clientGone).toBe(true)
  })

  it('does not poll after a 401 on the stream: the session has ended', async () => {
    startSession('expired')
    const calls = serveSequence(['RUNNING'])
    server.use(http.get('*/model-selection/:id/events', () => problem(401, 'UNAUTHENTICATED', 'token expired')))
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(currentToken()).toBeNull())
    expect(result.current.transport).toBe('sse')
    expect(calls()).toBe(1)
  })
})
