import { Badge } from '@/components/ui/badge'
import { AvailabilityStatus } from '@/types/api'

const styles = {
  [AvailabilityStatus.READY]: { variant: 'success', label: 'ready' },
  [AvailabilityStatus.LIMITED]: { variant: 'warning', label: 'limited' },
  [AvailabilityStatus.UNUSABLE]: { variant: 'destructive', label: 'unusable' },
  [AvailabilityStatus.UNSPECIFIED]: { variant: 'secondary', label: 'unknown' },
} as const

export function AvailabilityStatusBadge({ status }: { status: AvailabilityStatus }) {
  const s = styles[status] ?? styles[AvailabilityStatus.UNSPECIFIED]
  return (
    <Badge variant={s.variant} data-testid="availability-status">
      {s.label}
    </Badge>
  )
}
