import { act, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { problem } from '@/testing/handlers'
import { renderHookWithClient } from '@/testing/render'
import { makeRun, RUN_ID } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { RunState } from '@/types/api'
import { useLiveRun } from './use-live-run'

// A browser that cannot read a fetch() body as a stream.
vi.mock('@/lib/event-stream', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/event-stream')>()),
  streamingSupported: () => false,
}))

let streamsOpened = 0

function serveSequence(states: Parameters<typeof makeRun>[0][]) {
  let calls = 0
  server.use(
    http.get('*/model-selection/:id', () => {
      const s = states[Math.min(calls, states.length - 1)]
      calls++
      return HttpResponse.json(makeRun(s))
    }),
    http.get('*/model-selection/:id/events', () => {
      streamsOpened++
      return new HttpResponse(null, { status: 404 })
    }),
  )
  return () => calls
}

afterEach(() => {
  vi.useRealTimers()
  expect(streamsOpened).toBe(0)
})

describe('useLiveRun without fetch streaming', () => {
  it('polls every 2 s until the run is terminal', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
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
