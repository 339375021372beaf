import { toJson } from '@bufbuild/protobuf'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { RunSchema, RunSelectionRequestSchema, type Run, type RunSelectionRequest } from '@/types/api'
import { selectionKeys } from './keys'

/** POST /model-selection/runs: answers 202 at once with the run (status running). */
export function submitRun(request: RunSelectionRequest): Promise<Run> {
  return requestMessage(RunSchema, '/model-selection/runs', {
    method: 'POST',
    body: toJson(RunSelectionRequestSchema, request, { useProtoFieldName: true }),
  })
}

export function useSubmitRun(options: { onSubmitted?: (run: Run) => void } = {}) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: submitRun,
    onSuccess: (run) => {
      // Seed the detail cache so the results render without a second round trip.
      qc.setQueryData(selectionKeys.detail(run.selectionId), run)
      options.onSubmitted?.(run)
    },
  })
}
