import { Ban, CheckCircle2, CircleDashed, CircleDot, Loader2, TriangleAlert, XCircle } from 'lucide-react'
import { Badge, type BadgeVariant } from '@/components/ui/badge'
import { candidateStateLabel, confidenceLabel, runStateLabel } from '@/lib/run-state'
import { CandidateState, ConfidenceLevel, RunState } from '@/types/api'

// One distinct style per state (colour, icon and, for partial/cancelled, border or strike)
// so states never rely on colour alone.
const runStyles: Record<RunState, { variant: BadgeVariant; Icon: typeof CheckCircle2 }> = {
  [RunState.UNSPECIFIED]: { variant: 'secondary', Icon: CircleDashed },
  [RunState.PENDING]: { variant: 'secondary', Icon: CircleDashed },
  [RunState.RUNNING]: { variant: 'info', Icon: Loader2 },
  [RunState.COMPLETED]: { variant: 'success', Icon: CheckCircle2 },
  [RunState.PARTIAL]: { variant: 'partial', Icon: TriangleAlert },
  [RunState.FAILED]: { variant: 'destructive', Icon: XCircle },
  [RunState.CANCELLED]: { variant: 'cancelled', Icon: Ban },
}

export function RunStatusBadge({ status }: { status: RunState }) {
  const { variant, Icon } = runStyles[status] ?? runStyles[RunState.UNSPECIFIED]
  return (
    <Badge variant={variant} data-testid="run-status" data-status={runStateLabel[status]}>
      <Icon className={status === RunState.RUNNING ? 'size-3 animate-spin' : 'size-3'} aria-hidden />
      {runStateLabel[status] ?? 'unknown'}
    </Badge>
  )
}

const candidateStyles: Record<CandidateState, BadgeVariant> = {
  [CandidateState.UNSPECIFIED]: 'secondary',
  [CandidateState.PENDING]: 'secondary',
  [CandidateState.RUNNING]: 'info',
  [CandidateState.COMPLETED]: 'success',
  [CandidateState.FAILED]: 'destructive',
  [CandidateState.CANCELLED]: 'cancelled',
}

export function CandidateStatusBadge({ status }: { status: CandidateState }) {
  return (
    <Badge variant={candidateStyles[status] ?? 'secondary'}>
      {status === CandidateState.RUNNING ? <Loader2 className="size-3 animate-spin" aria-hidden /> : <CircleDot className="size-3" aria-hidden />}
      {candidateStateLabel[status] ?? 'unknown'}
    </Badge>
  )
}

const confidenceStyles: Record<ConfidenceLevel, BadgeVariant> = {
  [ConfidenceLevel.UNSPECIFIED]: 'secondary',
  [ConfidenceLevel.LOW]: 'warning',
  [ConfidenceLevel.MEDIUM]: 'info',
  [ConfidenceLevel.HIGH]: 'success',
}

/**
 * The recommendation's confidence. With `leadNotSignificant` (the Diebold–Mariano test shown
 * beside it found no significant difference to the runner-up) a medium or high level is
 * qualified and toned down to a neutral colour, so the badge never reads as an unqualified
 * "high confidence" next to "not significant".
 */
export function ConfidenceBadge({ level, leadNotSignificant = false }: { level: ConfidenceLevel; leadNotSignificant?: boolean }) {
  const qualify = leadNotSignificant && (level === ConfidenceLevel.HIGH || level === ConfidenceLevel.MEDIUM)
  return (
    <Badge variant={qualify ? 'secondary' : (confidenceStyles[level] ?? 'secondary')} data-testid="confidence">
      {confidenceLabel[level] ?? 'unknown'} confidence{qualify && ', lead not significant'}
    </Badge>
  )
}
