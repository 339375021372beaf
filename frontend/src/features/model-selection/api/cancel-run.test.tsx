import { useQuery } from '@tanstack/react-query'
import { act, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { parseMessage } from '@/lib/proto-json'
import { problem } from '@/testing/handlers'
import { renderHookWithClient, testQueryClient } from '@/testing/render'
import { makeRun, RUN_ID } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { RunSchema, RunState, type Run } from '@/types/api'
import { useCancelRun } from './cancel-run'
import { runQueryOptions } from './get-run'
import { selectionKeys } from './keys'

function seeded() {
  const client = testQueryClient()
  client.setQueryData(selectionKeys.detail(RUN_ID), parseMessage(RunSchema, makeRun('RUNNING')))
  return client
}

describe('useCancelRun', () => {
  it('puts the settled run from a 200 into the cache', async () => {
    const onSettled = vi.fn()
    const { result, client } = renderHookWithClient(() => useCancelRun(RUN_ID, { onSettled }), seeded())
    await act(() => result.current.mutateAsync())
    await waitFor(() => expect(result.current.data?.kind).toBe('settled'))
    expect(client.getQueryData<Run>(selectionKeys.detail(RUN_ID))?.status).toBe(RunState.CANCELLED)
    expect(onSettled).toHaveBeenCalled()
  })

  it('reports "already finished" on 409 and re-reads the run', async () => {
    let gets = 0
    server.use(
      http.delete('*/model-selection/:id', () => problem(409, 'FAILED_PRECONDITION', 'run is already completed')),
      http.get('*/model-selection/:id', () => {
        gets++
        return HttpResponse.json(makeRun('COMPLETED'))
      }),
    )
    const { result } = renderHookWithClient(
      () => ({ cancel: useCancelRun(RUN_ID), run: useQuery({ ...runQueryOptions(RUN_ID), staleTime: Infinity }) }),
      seeded(),
    )
    await act(() => result.current.cancel.mutateAsync())
    await waitFor(() => expect(result.current.cancel.data).toEqual({ kind: 'already-finished', detail: 'run is already completed' }))
    await waitFor(() => expect(result.current.run.data?.status).toBe(RunState.COMPLETED))
    expect(gets).toBe(1)
  })

  it('reports "still draining" on 504', async () => {
    server.use(http.delete('*/model-selection/:id', () => problem(504, 'DEADLINE_EXCEEDED', 'drain exceeded 30s')))
    const client = seeded()
    const { result } = renderHookWithClient(() => useCancelRun(RUN_ID), client)
    await act(() => result.current.mutateAsync())
    await waitFor(() => expect(result.current.data?.kind).toBe('draining'))
    expect(client.getQueryState(selectionKeys.detail(RUN_ID))?.isInvalidated).toBe(true)
  })

  it('surfaces other errors (404) instead of swallowing them', async () => {
    server.use(http.delete('*/model-selection/:id', () => problem(404, 'NOT_FOUND', 'no such run')))
    const { result } = renderHookWithClient(() => useCancelRun(RUN_ID), seeded())
    await act(() => result.current.mutateAsync().catch(() => {}))
    await waitFor(() => expect(result.current.isError).toBe(true))
    expect(result.current.error).toMatchObject({ status: 404, detail: 'no such run' })
  })
})
