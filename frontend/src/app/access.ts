import { hasScope, type Identity } from '@/features/auth'

/**
 * What the signed-in token may do, as the page needs it. The gateway enforces the scopes;
 * this only keeps the page from offering what would be refused (a read-only token sees a
 * read-only dashboard). admin does not imply the others.
 */
export interface Access {
  /** runs:read: run history and results are requested */
  readRuns: boolean
  /** runs:write: comparisons can be started and cancelled */
  writeRuns: boolean
  /** data:write: sales imports (the dashboard has no import UI yet; gate one with this) */
  writeData: boolean
}

export const FULL_ACCESS: Access = { readRuns: true, writeRuns: true, writeData: true }

export function accessOf(identity: Identity): Access {
  return {
    readRuns: hasScope(identity, 'runs:read'),
    writeRuns: hasScope(identity, 'runs:write'),
    writeData: hasScope(identity, 'data:write'),
  }
}

export const READ_ONLY_RUN = 'Read-only: your token cannot start comparisons (it lacks the runs:write scope).'
export const READ_ONLY_CANCEL = 'Read-only: cancelling needs the runs:write scope.'
export const NO_RUN_READ = 'Your token cannot read runs (it lacks the runs:read scope).'
