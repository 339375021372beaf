import { queryOptions, useQuery } from '@tanstack/react-query'
import { requestMessage } from '@/lib/api-client'
import { ListModelsResponseSchema, type ListModelsResponse } from '@/types/api'
import { selectionKeys } from './keys'

export function getModels(signal?: AbortSignal): Promise<ListModelsResponse> {
  return requestMessage(ListModelsResponseSchema, '/model-selection/models', { signal })
}

export const modelsQueryOptions = () =>
  queryOptions({
    queryKey: selectionKeys.models(),
    queryFn: ({ signal }) => getModels(signal),
    // The catalog only changes with a deploy.
    staleTime: Infinity,
  })

export function useModels() {
  return useQuery(modelsQueryOptions())
}
