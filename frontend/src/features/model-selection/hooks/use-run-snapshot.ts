import { useQuery } from '@tanstack/react-query'
import { runQueryOptions } from '../api/get-run'

/**
 * The cached run without fetching or streaming (RunResults keeps it live); lets the setup
 * cards know whether the shown run is still active.
 */
export function useRunSnapshot(selectionId: string | undefined) {
  return useQuery({ ...runQueryOptions(selectionId ?? ''), enabled: false })
}
