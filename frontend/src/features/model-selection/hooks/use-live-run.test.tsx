import { act, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeEventSource } from '@/testing/fake-event-source'
import { problem } from '@/testing/handlers'
import { renderHookWithClient } from '@/testing/render'
import { makeRun, RUN_ID } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { RunState } from '@/types/api'
import { useLiveRun } from './use-live-run'

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

describe('useLiveRun over SSE', () => {
  it('applies each snapshot and closes the stream at a terminal state', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    serveSequence(['RUNNING'])
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.RUNNING))
    await waitFor(() => expect(FakeEventSource.latest()).toBeDefined())
    const es = FakeEventSource.latest()!
    expect(es.url).toBe(`/model-selection/${RUN_ID}/events`)
    expect(result.current.transport).toBe('sse')

    act(() => es.emit(makeRun('RUNNING')))
    act(() => es.emit(makeRun('COMPLETED')))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.COMPLETED))
    expect(es.closed).toBe(true)
    expect(result.current.transport).toBe('idle')
    expect(FakeEventSource.instances).toHaveLength(1)
  })

  it('opens no stream for a run that is already terminal', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    serveSequence(['COMPLETED'])
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.COMPLETED))
    expect(FakeEventSource.instances).toHaveLength(0)
  })

  it('falls back to polling when the stream fails, and stops polling at a terminal state', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.stubGlobal('EventSource', FakeEventSource)
    const calls = serveSequence(['RUNNING', 'RUNNING', 'COMPLETED'])
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(FakeEventSource.latest()).toBeDefined())
    const es = FakeEventSource.latest()!
    act(() => es.fail())
    expect(es.closed).toBe(true)
    await waitFor(() => expect(result.current.transport).toBe('polling'))

    await act(() => vi.advanceTimersByTimeAsync(2000))
    await act(() => vi.advanceTimersByTimeAsync(2000))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.COMPLETED))
    const after = calls()
    await act(() => vi.advanceTimersByTimeAsync(6000))
    expect(calls()).toBe(after)
    // No new stream was opened after the fallback.
    expect(FakeEventSource.instances).toHaveLength(1)
  })

  it('falls back to polling on a problem sent as an "error" event', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    serveSequence(['RUNNING'])
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(FakeEventSource.latest()).toBeDefined())
    act(() => FakeEventSource.latest()!.emit({ status: 503, title: 'Service Unavailable' }, 'error'))
    await waitFor(() => expect(result.current.transport).toBe('polling'))
  })
})

describe('useLiveRun without EventSource', () => {
  it('polls every 2 s until the run is terminal', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.stubGlobal('EventSource', undefined)
    const calls = serveSequence(['PENDING', 'RUNNING', 'PARTIAL'])
    const onTerminal = vi.fn()
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID, { onTerminal }))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.PENDING))
    expect(result.current.transport).toBe('polling')
    await act(() => vi.advanceTimersByTimeAsync(2000))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.RUNNING))
    await act(() => vi.advanceTimersByTimeAsync(2000))
    await waitFor(() => expect(result.current.data?.status).toBe(RunState.PARTIAL))
    expect(calls()).toBe(3)
    await act(() => vi.advanceTimersByTimeAsync(10000))
    expect(calls()).toBe(3)
    expect(onTerminal).toHaveBeenCalledTimes(1)
  })

  it('stops on a permanent error such as 501', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.stubGlobal('EventSource', undefined)
    let calls = 0
    server.use(
      http.get('*/model-selection/:id', () => {
        calls++
        return problem(501, 'UNIMPLEMENTED', 'Not Implemented')
      }),
    )
    const { result } = renderHookWithClient(() => useLiveRun(RUN_ID))
    await waitFor(() => expect(result.current.isError).toBe(true))
    await act(() => vi.advanceTimersByTimeAsync(6000))
    expect(calls).toBe(1)
  })
})
