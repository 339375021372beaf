import { create, toJson, type JsonObject, type JsonValue } from '@bufbuild/protobuf'
import { ValueSchema } from '@bufbuild/protobuf/wkt'
import {
  RankingMetric,
  RunSelectionRequestSchema,
  SplitStrategy,
  type ModelInfo,
  type PairAvailability,
  type ParamSpec,
  type RunSelectionRequest,
} from '@/types/api'

export const MAX_CANDIDATES = 10

/** A param as typed: text for numbers, boolean, list of model types, or null ("none"). */
export type ParamInput = string | boolean | string[] | null

export interface SplitInput {
  strategy: SplitStrategy
  nSplits: string
  minTrainSize: string
  gap: string
}

/** Cards 3 and 4: what the user chose besides the pair, window and horizon. */
export interface RunFormState {
  /** model_type of each chosen candidate, in catalog order */
  selected: string[]
  /** Only params the user changed; the rest take the model's defaults on the server. */
  params: Record<string, Record<string, ParamInput>>
  rankingMetric: RankingMetric
  useRecommendedSplit: boolean
  split: SplitInput
}

export const DEFAULT_SPLIT: SplitInput = {
  strategy: SplitStrategy.EXPANDING,
  nSplits: '5',
  minTrainSize: '30',
  gap: '0',
}

/** The available ones of `types`, in catalog order, at most MAX_CANDIDATES. */
export function preselect(types: readonly string[], catalog: readonly ModelInfo[]): string[] {
  const wanted = new Set(types)
  return catalog
    .filter((m) => m.available && wanted.has(m.modelType))
    .map((m) => m.modelType)
    .slice(0, MAX_CANDIDATES)
}

export function initialRunForm(models?: { models: ModelInfo[]; defaultCandidateModelTypes: string[] }): RunFormState {
  const available = new Set(models?.models.filter((m) => m.available).map((m) => m.modelType))
  return {
    selected: (models?.defaultCandidateModelTypes ?? []).filter((t) => available.has(t)).slice(0, MAX_CANDIDATES),
    params: {},
    rankingMetric: RankingMetric.WAPE,
    useRecommendedSplit: true,
    split: DEFAULT_SPLIT,
  }
}

export const RANKING_METRICS: { value: RankingMetric; key: string; label: string; hint: string }[] = [
  { value: RankingMetric.WAPE, key: 'wape', label: 'WAPE', hint: 'weighted absolute percentage error (default)' },
  { value: RankingMetric.SMAPE, key: 'smape', label: 'sMAPE', hint: 'symmetric MAPE, 0..200' },
  { value: RankingMetric.MAE, key: 'mae', label: 'MAE', hint: 'mean absolute error, in units' },
  { value: RankingMetric.BIAS, key: 'bias', label: 'Bias', hint: 'closest to zero |mean(A-F)|' },
  { value: RankingMetric.MASE, key: 'mase', label: 'MASE', hint: 'MAE scaled by the seasonal naive' },
  { value: RankingMetric.RMSE, key: 'rmse', label: 'RMSE', hint: 'root mean squared error' },
  {
    value: RankingMetric.COVERAGE,
    key: 'coverage',
    label: 'Coverage',
    hint: 'share of actuals inside the P10–P90 band; closest to 80 % wins',
  },
  { value: RankingMetric.MSIS, key: 'msis', label: 'MSIS', hint: 'scaled interval score of the P10–P90 band' },
]

/** How the backtest settings describe the chosen metric's direction. */
export function rankingDirection(metric: RankingMetric): string {
  if (metric === RankingMetric.BIAS) return 'Lower is better (by |bias|).'
  if (metric === RankingMetric.COVERAGE) return 'Closest to 80 % is better.'
  return 'Lower is better.'
}

/** docs/ENGINE.md section 5: the chain wape -> smape -> |bias| -> mae without the primary, then name. */
export function tieBreakRule(metric: RankingMetric): string {
  const key = RANKING_METRICS.find((m) => m.value === metric)?.key ?? 'wape'
  const chain = [
    ['wape', 'WAPE'],
    ['smape', 'sMAPE'],
    ['bias', '|bias|'],
    ['mae', 'MAE'],
  ]
    .filter(([k]) => k !== key)
    .map(([, l]) => l)
  return `Ties are broken by ${chain.join(' → ')}, then by model name (A–Z).`
}

function describeBounds(spec: ParamSpec): string {
  const lo = spec.minimum
  const hi = spec.maximum
  const l = lo === undefined ? '' : `${spec.exclusiveMinimum ? '>' : '≥'} ${lo}`
  const h = hi === undefined ? '' : `${spec.exclusiveMaximum ? '<' : '≤'} ${hi}`
  return [l, h].filter(Boolean).join(' and ')
}

export function boundsText(spec: ParamSpec): string {
  return describeBounds(spec)
}

/** The inline error for one param value, or undefined when it is acceptable. */
export function validateParam(spec: ParamSpec, input: ParamInput): string | undefined {
  if (input === null) return spec.nullable ? undefined : 'A value is required.'
  if (spec.type === 'integer' || spec.type === 'number') {
    const text = typeof input === 'string' ? input.trim() : ''
    if (text === '') return spec.nullable ? undefined : 'A value is required.'
    const v = Number(text)
    if (!Number.isFinite(v)) return 'Enter a number.'
    if (spec.type === 'integer' && !Number.isInteger(v)) return 'Enter a whole number.'
    const lo = spec.minimum
    const hi = spec.maximum
    const tooLow = lo !== undefined && (spec.exclusiveMinimum ? v <= lo : v < lo)
    const tooHigh = hi !== undefined && (spec.exclusiveMaximum ? v >= hi : v > hi)
    if (tooLow || tooHigh) return `Must be ${describeBounds(spec)}.`
    return undefined
  }
  if (spec.type === 'enum') {
    if (typeof input !== 'string' || !spec.allowedValues.includes(input)) return `Choose one of ${spec.allowedValues.join(', ')}.`
    return undefined
  }
  if (spec.type === 'model_list') {
    if (!Array.isArray(input)) return 'Choose models.'
    const bad = input.filter((m) => spec.allowedValues.length > 0 && !spec.allowedValues.includes(m))
    if (bad.length) return `Not allowed: ${bad.join(', ')}.`
    return undefined
  }
  return undefined
}

/** The JSON value sent for a (valid) param input. */
export function paramToJson(spec: ParamSpec, input: ParamInput): JsonValue {
  if (input === null) return null
  if (spec.type === 'integer' || spec.type === 'number') {
    const text = typeof input === 'string' ? input.trim() : ''
    return text === '' ? null : Number(text)
  }
  if (spec.type === 'boolean') return input === true
  if (Array.isArray(input)) return input
  return input
}

/** How a default value is shown in an input. */
export function defaultParamInput(spec: ParamSpec): ParamInput {
  const d: JsonValue | undefined = spec.defaultValue ? toJson(ValueSchema, spec.defaultValue) : undefined
  if (d === null || d === undefined) return spec.type === 'boolean' ? false : null
  if (spec.type === 'boolean') return d === true
  if (spec.type === 'model_list') return Array.isArray(d) ? d.map(String) : []
  if (typeof d === 'number') return String(d)
  return String(d)
}

export type ParamErrors = Record<string, Record<string, string>>

export function validateParams(form: RunFormState, models: ModelInfo[]): ParamErrors {
  const errors: ParamErrors = {}
  for (const type of form.selected) {
    const info = models.find((m) => m.modelType === type)
    const edited = form.params[type]
    if (!info || !edited) continue
    for (const [name, input] of Object.entries(edited)) {
      const spec = info.paramSchema.find((p) => p.name === name)
      if (!spec) continue
      const err = validateParam(spec, input)
      if (err) (errors[type] ??= {})[name] = err
    }
  }
  return errors
}

export interface SplitValues {
  strategy: SplitStrategy
  nSplits: number
  minTrainSize: number
  gap: number
}

export type SplitErrors = Partial<Record<'nSplits' | 'minTrainSize' | 'gap', string>>

function intIn(text: string, lo: number, hi: number): number | undefined {
  const t = text.trim()
  if (!/^-?\d+$/.test(t)) return undefined
  const v = Number(t)
  return v >= lo && v <= hi ? v : undefined
}

/** Advanced split inputs (docs/ENGINE.md section 2): splits 2..20, min train >= 7, gap 0..30 and < horizon. */
export function validateSplit(split: SplitInput, horizon: number | undefined): SplitErrors {
  const errors: SplitErrors = {}
  if (intIn(split.nSplits, 2, 20) === undefined) errors.nSplits = 'Folds must be a whole number from 2 to 20.'
  if (intIn(split.minTrainSize, 7, 100000) === undefined) errors.minTrainSize = 'Minimum training size must be at least 7 days.'
  const gap = intIn(split.gap, 0, 30)
  if (gap === undefined) errors.gap = 'Gap must be a whole number from 0 to 30.'
  else if (horizon !== undefined && gap >= horizon) errors.gap = `Gap must be smaller than the horizon (${horizon}).`
  return errors
}

/** The split that will be sent: the recommended one, or the advanced inputs. */
export function effectiveSplit(form: RunFormState, availability: PairAvailability | undefined): SplitValues | undefined {
  if (form.useRecommendedSplit) {
    const r = availability?.recommendedSplitConfig
    return {
      strategy: r?.strategy || SplitStrategy.EXPANDING,
      nSplits: r?.nSplits ?? 5,
      minTrainSize: r?.minTrainSize ?? 30,
      gap: r?.gap ?? 0,
    }
  }
  const nSplits = intIn(form.split.nSplits, 2, 20)
  const minTrainSize = intIn(form.split.minTrainSize, 7, 100000)
  const gap = intIn(form.split.gap, 0, 30)
  if (nSplits === undefined || minTrainSize === undefined || gap === undefined) return undefined
  return { strategy: form.split.strategy, nSplits, minTrainSize, gap }
}

export function newRequestId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  // crypto.randomUUID exists only in secure contexts (https or localhost).
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')
}

export interface PairInput {
  storeId: string
  productId: string
  horizon: number
  startDate: string
  endDate: string
}

export function buildRunRequest(
  pair: PairInput,
  form: RunFormState,
  models: ModelInfo[],
  split: SplitValues,
): RunSelectionRequest {
  return create(RunSelectionRequestSchema, {
    storeId: BigInt(pair.storeId),
    productId: BigInt(pair.productId),
    selectionWindow: pair.startDate && pair.endDate ? { startDate: pair.startDate, endDate: pair.endDate } : undefined,
    forecastHorizon: pair.horizon,
    rankingMetric: form.rankingMetric,
    splitConfig: {
      strategy: split.strategy,
      nSplits: split.nSplits,
      minTrainSize: split.minTrainSize,
      gap: split.gap,
      horizon: pair.horizon,
    },
    candidateModels: form.selected.map((type) => {
      const info = models.find((m) => m.modelType === type)
      const params: JsonObject = {}
      for (const [name, input] of Object.entries(form.params[type] ?? {})) {
        const spec = info?.paramSchema.find((p) => p.name === name)
        if (spec) params[name] = paramToJson(spec, input)
      }
      return { modelType: type, params }
    }),
    requestId: newRequestId(),
  })
}
