import { describe, expect, it } from 'vitest'
import { parseMessage } from '@/lib/proto-json'
import { makeRun } from '@/testing/run-fixtures'
import { RunSchema, RunState } from '@/types/api'
import { keepSettledRun } from './get-run'

const run = (status: Parameters<typeof makeRun>[0]) => parseMessage(RunSchema, makeRun(status))

describe('keepSettledRun', () => {
  it('keeps a settled run when an unsettled snapshot of it arrives later', () => {
    const settled = run('COMPLETED')
    expect(keepSettledRun(settled, run('RUNNING'))).toBe(settled)
    const cancelled = run('CANCELLED')
    expect(keepSettledRun(cancelled, run('PENDING'))).toBe(cancelled)
  })

  it('takes every other change', () => {
    const next = keepSettledRun(run('PENDING'), run('RUNNING')) as ReturnType<typeof run>
    expect(next.status).toBe(RunState.RUNNING)
    expect((keepSettledRun(run('RUNNING'), run('PARTIAL')) as ReturnType<typeof run>).status).toBe(RunState.PARTIAL)
    expect((keepSettledRun(undefined, run('RUNNING')) as ReturnType<typeof run>).status).toBe(RunState.RUNNING)
  })
})
