import { CandidateState, ConfidenceLevel, RunState } from '@/types/api'

export function isTerminal(state: RunState | undefined): boolean {
  return (
    state === RunState.COMPLETED ||
    state === RunState.PARTIAL ||
    state === RunState.FAILED ||
    state === RunState.CANCELLED
  )
}

export function isActive(state: RunState | undefined): boolean {
  return state === RunState.PENDING || state === RunState.RUNNING
}

export const runStateLabel: Record<RunState, string> = {
  [RunState.UNSPECIFIED]: 'unknown',
  [RunState.PENDING]: 'pending',
  [RunState.RUNNING]: 'running',
  [RunState.COMPLETED]: 'completed',
  [RunState.PARTIAL]: 'partial',
  [RunState.FAILED]: 'failed',
  [RunState.CANCELLED]: 'cancelled',
}

export const candidateStateLabel: Record<CandidateState, string> = {
  [CandidateState.UNSPECIFIED]: 'unknown',
  [CandidateState.PENDING]: 'pending',
  [CandidateState.RUNNING]: 'running',
  [CandidateState.COMPLETED]: 'completed',
  [CandidateState.FAILED]: 'failed',
  [CandidateState.CANCELLED]: 'cancelled',
}

export const confidenceLabel: Record<ConfidenceLevel, string> = {
  [ConfidenceLevel.UNSPECIFIED]: 'unknown',
  [ConfidenceLevel.LOW]: 'low',
  [ConfidenceLevel.MEDIUM]: 'medium',
  [ConfidenceLevel.HIGH]: 'high',
}
