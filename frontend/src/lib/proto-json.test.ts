import { describe, expect, it } from 'vitest'
import { makeRun } from '@/testing/run-fixtures'
import { CandidateState, ConfidenceLevel, RunSchema, RunState } from '@/types/api'
import { parseMessage } from './proto-json'

describe('parseMessage', () => {
  it('reads a gateway Run into the generated type', () => {
    const run = parseMessage(RunSchema, makeRun('COMPLETED'))
    expect(run.status).toBe(RunState.COMPLETED)
    expect(run.storeId).toBe(1n)
    expect(run.recommendationConfidence).toBe(ConfidenceLevel.HIGH)
    expect(run.candidateProgress[0].status).toBe(CandidateState.COMPLETED)
    expect(run.candidateProgress[0].durationMs).toBe(3000n)
    expect(run.winner?.modelType).toBe('seasonal_naive')
    expect(run.ranking[0].params).toEqual({ season_length: 7 })
    expect(run.chartData?.actualVsPredicted.theta.folds).toHaveLength(2)
  })

  it('keeps null (non-finite) doubles as NaN instead of 0', () => {
    const run = parseMessage(RunSchema, makeRun('COMPLETED'))
    expect(run.winner?.metrics?.mase).toBeNaN()
    expect(run.winner?.metrics?.wape).toBe(8.5)
    expect(run.chartData?.foldStability[0].wapeByFold[2]).toBeNaN()
    expect(run.chartData?.winnerActualVsPredicted[0].predictions[2]).toBeNaN()
  })

  it('reads null messages and optional fields as unset', () => {
    const run = parseMessage(RunSchema, makeRun('RUNNING'))
    expect(run.winner).toBeUndefined()
    expect(run.completedAt).toBeUndefined()
    expect(run.candidateProgress[2].durationMs).toBeUndefined()
    const failed = parseMessage(RunSchema, makeRun('FAILED'))
    expect(failed.ranking[0].rank).toBeUndefined()
    expect(failed.ranking[0].metrics).toBeUndefined()
  })

  it('ignores unknown fields (forward compatible)', () => {
    const run = parseMessage(RunSchema, { ...makeRun('RUNNING'), some_future_field: 1 })
    expect(run.status).toBe(RunState.RUNNING)
  })
})
