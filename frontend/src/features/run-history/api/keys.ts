import type { RunFilters } from './list-runs'

/** The one query-key factory of the run-history feature. */
export const runHistoryKeys = {
  all: ['run-history'] as const,
  list: (filters: RunFilters, pageToken = '') => [...runHistoryKeys.all, 'list', filters, pageToken] as const,
  run: (selectionId: string) => [...runHistoryKeys.all, 'run', selectionId] as const,
}
