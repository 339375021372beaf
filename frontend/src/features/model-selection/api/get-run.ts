import { queryOptions } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { RunSchema, type Run } from '@/types/api'
import { selectionKeys } from './keys'

export function runPath(selectionId: string): string {
  return `/model-selection/${encodeURIComponent(selectionId)}`
}

export function getRun(selectionId: string, signal?: AbortSignal): Promise<Run> {
  return requestMessage(RunSchema, runPath(selectionId), { signal })
}

export const runQueryOptions = (selectionId: string) =>
  queryOptions({
    queryKey: selectionKeys.detail(selectionId),
    queryFn: ({ signal }) => getRun(selectionId, signal),
  })
