import { useMutation, useQueryClient } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { isApiError } from '@/lib/api-error'
import { RunSchema, type Run } from '@/types/api'
import { runPath } from './get-run'
import { selectionKeys } from './keys'

/**
 * What DELETE /model-selection/{id} ended in:
 * settled (200, the settled run), already-finished (409), draining (504: the cancel still
 * proceeds but the drain outlasted the server's wait).
 */
export type CancelOutcome =
  | { kind: 'settled'; run: Run }
  | { kind: 'already-finished'; detail: string }
  | { kind: 'draining'; detail: string }

export async function cancelRun(selectionId: string): Promise<CancelOutcome> {
  try {
    const run = await requestMessage(RunSchema, runPath(selectionId), { method: 'DELETE' })
    return { kind: 'settled', run }
  } catch (e) {
    if (isApiError(e) && e.status === 409) return { kind: 'already-finished', detail: e.detail }
    if (isApiError(e) && e.status === 504) return { kind: 'draining', detail: e.detail }
    throw e
  }
}

export function useCancelRun(selectionId: string, options: { onSettled?: () => void } = {}) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: () => cancelRun(selectionId),
    onSuccess: async (outcome) => {
      const key = selectionKeys.detail(selectionId)
      if (outcome.kind === 'settled') {
        qc.setQueryData(key, outcome.run)
      } else {
        // 409: the run settled on its own; 504: it is still draining. Either way re-read it.
        await qc.invalidateQueries({ queryKey: key })
      }
      options.onSettled?.()
    },
  })
}
