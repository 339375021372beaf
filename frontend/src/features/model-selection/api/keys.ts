/** The one query-key factory of the model-selection feature. */
export const selectionKeys = {
  all: ['model-selection'] as const,
  models: () => [...selectionKeys.all, 'models'] as const,
  runs: () => [...selectionKeys.all, 'run'] as const,
  detail: (selectionId: string) => [...selectionKeys.runs(), selectionId] as const,
}
