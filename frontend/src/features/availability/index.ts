export { AvailabilityCard } from './components/availability-card'
export { AvailabilityStatusBadge } from './components/availability-status-badge'
export { useAvailability } from './api/get-availability'
export { availabilityKeys } from './api/keys'
