import { useQueries } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { RunSchema } from '@/types/api'
import { runHistoryKeys } from './keys'

/** GET /model-selection/{id} for each run compared; each answers (or fails) on its own. */
export function useComparedRuns(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: runHistoryKeys.run(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => requestMessage(RunSchema, `/model-selection/${encodeURIComponent(id)}`, { signal }),
      staleTime: 10_000,
      retry: false,
    })),
  })
}
