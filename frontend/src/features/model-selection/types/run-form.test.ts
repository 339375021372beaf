import { toJson } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import models from '@/testing/fixtures/models.json'
import { parseMessage } from '@/lib/proto-json'
import { ListModelsResponseSchema, RankingMetric, RunSelectionRequestSchema, type ParamSpec } from '@/types/api'
import {
  buildRunRequest,
  effectiveSplit,
  initialRunForm,
  rankingDirection,
  tieBreakRule,
  validateParam,
  validateSplit,
} from './run-form'

const catalog = parseMessage(ListModelsResponseSchema, models)

describe('run form', () => {
  it('preselects the available defaults', () => {
    const form = initialRunForm(catalog)
    // regression is a default but unavailable in this build.
    expect(form.selected).toEqual(['naive', 'seasonal_naive', 'moving_average', 'prophet_like', 'theta'])
  })

  it('checks param bounds inline', () => {
    const spec = catalog.models.find((m) => m.modelType === 'seasonal_naive')!.paramSchema[0] as ParamSpec
    expect(validateParam(spec, '7')).toBeUndefined()
    expect(validateParam(spec, '0')).toMatch(/≥ 1/)
    expect(validateParam(spec, '366')).toMatch(/≤ 365/)
    expect(validateParam(spec, '2.5')).toMatch(/whole number/)
    expect(validateParam(spec, '')).toMatch(/required/)
  })

  it('validates the advanced split', () => {
    expect(validateSplit({ strategy: 1, nSplits: '1', minTrainSize: '6', gap: '31' }, 14)).toEqual({
      nSplits: expect.any(String),
      minTrainSize: expect.any(String),
      gap: expect.any(String),
    })
    expect(validateSplit({ strategy: 1, nSplits: '5', minTrainSize: '30', gap: '14' }, 14).gap).toMatch(/smaller than the horizon/)
    expect(validateSplit({ strategy: 1, nSplits: '5', minTrainSize: '30', gap: '0' }, 14)).toEqual({})
  })

  it('shows the tie-break chain without the primary metric', () => {
    expect(tieBreakRule(RankingMetric.WAPE)).toBe('Ties are broken by sMAPE → |bias| → MAE, then by model name (A–Z).')
    expect(tieBreakRule(RankingMetric.MAE)).toBe('Ties are broken by WAPE → sMAPE → |bias|, then by model name (A–Z).')
    expect(rankingDirection(RankingMetric.COVERAGE)).toBe('Closest to 80 % is better.')
    expect(rankingDirection(RankingMetric.BIAS)).toBe('Lower is better (by |bias|).')
    expect(rankingDirection(RankingMetric.MSIS)).toBe('Lower is better.')
  })

  it('builds the request JSON the gateway expects', () => {
    const form = { ...initialRunForm(catalog), params: { seasonal_naive: { season_length: '14' } } }
    const split = effectiveSplit(form, undefined)!
    const req = buildRunRequest(
      { storeId: '1', productId: '2', horizon: 14, startDate: '2024-07-01', endDate: '2026-06-30' },
      form,
      catalog.models,
      split,
    )
    const json = toJson(RunSelectionRequestSchema, req, { useProtoFieldName: true }) as Record<string, unknown>
    expect(json).toMatchObject({
      store_id: '1',
      product_id: '2',
      forecast_horizon: 14,
      ranking_metric: 'RANKING_METRIC_WAPE',
      selection_window: { start_date: '2024-07-01', end_date: '2026-06-30' },
      split_config: { strategy: 'SPLIT_STRATEGY_EXPANDING', n_splits: 5, min_train_size: 30, gap: 0, horizon: 14 },
    })
    expect(json.candidate_models).toContainEqual({ model_type: 'seasonal_naive', params: { season_length: 14 } })
    expect(json.request_id).toMatch(/\w{8}/)
  })
})
