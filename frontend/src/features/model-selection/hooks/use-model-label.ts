import { useCallback } from 'react'
import { humanize } from '@/lib/format'
import { useModels } from '../api/get-models'

/** model_type -> the catalog's label (falls back to a humanized type). */
export function useModelLabel(): (modelType: string) => string {
  const models = useModels()
  const list = models.data?.models
  return useCallback(
    (t: string) => list?.find((m) => m.modelType === t)?.label || humanize(t),
    [list],
  )
}
