// Run JSON exactly as the gateway prints it: snake_case, every field, enums by name, int64 as
// strings, null for absent messages and non-finite doubles.
type Json = Record<string, unknown>

export const RUN_ID = '0123456789abcdef0123456789abcdef'

export type RunStatusName = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'PARTIAL' | 'FAILED' | 'CANCELLED'

function metrics(wape: number | null, bias: number, extra: Partial<Json> = {}): Json {
  return {
    wape,
    smape: wape === null ? null : wape * 0.9,
    mae: 3.1,
    rmse: 4.2,
    bias,
    mase: null, // non-finite on the wire
    sample_size: '70',
    wape_stability: 12.5,
    smape_stability: 10,
    mae_stability: 8,
    rmse_stability: 7,
    bias_stability: null,
    mase_stability: null,
    coverage: null,
    msis: null,
    coverage_stability: null,
    msis_stability: null,
    ...extra,
  }
}

// A fold's metrics: the same values without the stability fields (an aggregate over folds).
function foldMetrics(wape: number | null, bias: number, extra: Partial<Json> = {}): Json {
  return Object.fromEntries(
    Object.entries(metrics(wape, bias, extra)).filter(([name]) => !name.endsWith('_stability')),
  )
}

function folds(offset: number) {
  return [0, 1].map((i) => ({
    fold_index: i,
    dates: [`2026-06-0${1 + i * 3}`, `2026-06-0${2 + i * 3}`, `2026-06-0${3 + i * 3}`],
    actuals: [10, 12, 14],
    predictions: [10 + offset, 11 + offset, null],
  }))
}

function candidate(ordinal: number, model: string, status: string, foldsDone: number, error = ''): Json {
  const done = ['COMPLETED', 'FAILED', 'CANCELLED'].includes(status)
  return {
    candidate_id: `c${ordinal}`,
    ordinal,
    model_type: model,
    status: `CANDIDATE_STATE_${status}`,
    error,
    started_at: status === 'PENDING' ? null : '2026-07-01T10:00:00Z',
    completed_at: done ? '2026-07-01T10:00:03Z' : null,
    duration_ms: done ? '3000' : null,
    folds_done: foldsDone,
    folds_total: 5,
    attempt: 1,
  }
}

// The share of actuals inside each model's P10-P90 band: ascending values and distances from
// 80 % order the models differently.
const COVERAGE: Record<string, number> = { naive: 79, seasonal_naive: 70, theta: 95 }

function entry(rank: number | null, model: string, wape: number | null, bias: number, error = ''): Json {
  const included = rank !== null
  const interval = { coverage: COVERAGE[model] ?? null, msis: COVERAGE[model] === undefined ? null : 4.5 }
  return {
    rank,
    model_type: model,
    params: model === 'seasonal_naive' ? { season_length: 7 } : {},
    included,
    exclusion_reason: included ? '' : error || 'missing or non-finite primary metric',
    metrics: included ? metrics(wape, bias, interval) : null,
    fold_metrics: included
      ? [0, 1].map((i) => ({
          fold_index: i,
          train: { start_date: '2024-07-01', end_date: `2026-05-2${i}` },
          test: { start_date: `2026-06-0${1 + i * 3}`, end_date: `2026-06-0${3 + i * 3}` },
          metrics: foldMetrics(wape, bias, interval),
        }))
      : [],
    error,
  }
}

const AVAILABILITY = {
  store_id: '1',
  product_id: '1',
  status: 'AVAILABILITY_STATUS_READY',
  first_date: '2024-07-01',
  last_date: '2026-06-30',
  observed_days: 721,
  expected_calendar_days: 730,
  coverage_ratio: 0.98,
  missing_days: 9,
  zero_sale_days: 0,
  promotion_days: 35,
  average_daily_demand: 25.2,
  forecast_horizon: 14,
  required_days_ready: 100,
  required_days_limited: 44,
  recommended_split_config: { strategy: 'SPLIT_STRATEGY_EXPANDING', n_splits: 5, min_train_size: 30, gap: 0, horizon: 14 },
  warnings: [],
  reason: 'ok',
}

/** 14 days after the window with P10/P50/P90 around a weekly pattern. */
function forecastFixture(): Json {
  const dates = Array.from({ length: 14 }, (_, i) => `2026-07-${String(i + 1).padStart(2, '0')}`)
  const values = dates.map((_, i) => 25 + (i % 7 === 5 ? 6 : 0))
  return {
    dates,
    values,
    quantiles: [0.1, 0.5, 0.9].map((level) => ({ level, values: values.map((v) => Math.round((v + (level - 0.5) * 20) * 100) / 100) })),
    interval_method: 'conformal',
  }
}

/** A run in the given state, with the candidate mix that state implies. */
export function makeRun(status: RunStatusName, id = RUN_ID): Json {
  const active = status === 'PENDING' || status === 'RUNNING'
  const cands =
    status === 'PENDING'
      ? [candidate(0, 'naive', 'PENDING', 0), candidate(1, 'seasonal_naive', 'PENDING', 0), candidate(2, 'theta', 'PENDING', 0)]
      : status === 'RUNNING'
        ? [candidate(0, 'naive', 'COMPLETED', 5), candidate(1, 'seasonal_naive', 'RUNNING', 2), candidate(2, 'theta', 'PENDING', 0)]
        : status === 'COMPLETED'
          ? [candidate(0, 'naive', 'COMPLETED', 5), candidate(1, 'seasonal_naive', 'COMPLETED', 5), candidate(2, 'theta', 'COMPLETED', 5)]
          : status === 'PARTIAL'
            ? [candidate(0, 'naive', 'COMPLETED', 5), candidate(1, 'seasonal_naive', 'COMPLETED', 5), candidate(2, 'theta', 'FAILED', 1, 'theta: optimiser diverged')]
            : status === 'FAILED'
              ? [candidate(0, 'naive', 'FAILED', 0, 'naive: empty window'), candidate(1, 'seasonal_naive', 'FAILED', 0, 'seasonal_naive: empty window'), candidate(2, 'theta', 'FAILED', 0, 'theta: empty window')]
              : [candidate(0, 'naive', 'COMPLETED', 5), candidate(1, 'seasonal_naive', 'CANCELLED', 2, 'cancelled'), candidate(2, 'theta', 'CANCELLED', 0, 'cancelled')]
  const count = (s: string) => cands.filter((c) => c.status === `CANDIDATE_STATE_${s}`).length
  const hasWinner = status === 'COMPLETED' || status === 'PARTIAL' || status === 'CANCELLED'
  const ranking = !hasWinner
    ? status === 'FAILED'
      ? cands.map((c) => entry(null, String(c.model_type), null, 0, String(c.error)))
      : []
    : status === 'COMPLETED'
      ? [entry(1, 'seasonal_naive', 8.5, -1.2), entry(2, 'theta', 10.1, 0.8), entry(3, 'naive', 14.2, 2.5)]
      : status === 'PARTIAL'
        ? [entry(1, 'seasonal_naive', 8.5, -1.2), entry(2, 'naive', 14.2, 2.5), entry(null, 'theta', null, 0, 'theta: optimiser diverged')]
        : [entry(1, 'naive', 14.2, 2.5), entry(null, 'seasonal_naive', null, 0, 'cancelled'), entry(null, 'theta', null, 0, 'cancelled')]
  const winnerType = hasWinner ? String(ranking[0].model_type) : ''
  const included = ranking.filter((r) => r.included)
  return {
    selection_id: id,
    store_id: '1',
    product_id: '1',
    status: `RUN_STATE_${status}`,
    selection_window: { start_date: '2024-07-01', end_date: '2026-06-30' },
    forecast_horizon: 14,
    ranking_metric: 'RANKING_METRIC_WAPE',
    split_config: { strategy: 'SPLIT_STRATEGY_EXPANDING', n_splits: 5, min_train_size: 30, gap: 0, horizon: 14 },
    availability: AVAILABILITY,
    ranking,
    winner: hasWinner ? { model_type: winnerType, params: ranking[0].params, metrics: ranking[0].metrics, rank: 1 } : null,
    recommendation_confidence: hasWinner ? (status === 'COMPLETED' ? 'CONFIDENCE_LEVEL_HIGH' : 'CONFIDENCE_LEVEL_LOW') : 'CONFIDENCE_LEVEL_LOW',
    confidence_reasons: hasWinner
      ? ['Seasonal naive leads the runner-up by 15.8 % WAPE.', 'The difference is statistically significant (p = 0.01).']
      : ['no candidate produced a valid backtest'],
    significance:
      status === 'COMPLETED'
        ? { statistic: -2.6, p_value: 0.011, runner_up_model_type: 'theta', sample_size: 70, finding: 'significantly better than the runner-up' }
        : null,
    chart_data: hasWinner
      ? {
          wape_by_model: included.map((r) => ({ model_type: r.model_type, value: (r.metrics as Json).wape, is_winner: r.model_type === winnerType })),
          bias_by_model: included.map((r) => ({ model_type: r.model_type, value: (r.metrics as Json).bias, is_winner: r.model_type === winnerType })),
          fold_stability: included.map((r, i) => ({ model_type: r.model_type, wape_by_fold: [8 + i, 9 + i, null] })),
          winner_actual_vs_predicted: folds(0),
          actual_vs_predicted: Object.fromEntries(included.map((r, i) => [r.model_type, { folds: folds(i) }])),
        }
      : null,
    final_model: hasWinner
      ? { model_type: winnerType, params: ranking[0].params, trained_on: { start_date: '2024-07-01', end_date: '2026-06-30' }, n_observations: 721 }
      : null,
    forecast: hasWinner ? forecastFixture() : null,
    business_summary: hasWinner
      ? {
          headline: `${winnerType} is the recommended model.`,
          winner: { model_type: winnerType, summary: 'WAPE 8.5 %' },
          comparison: { runner_up_model_type: 'theta', runner_up_summary: '', lead_text: 'Leads theta by 1.6 points of WAPE.' },
          recommendation_confidence: 'CONFIDENCE_LEVEL_HIGH',
          confidence_reasons: [],
          data_notes: [],
          caveats: ['Backtests describe the past, not a guarantee.'],
        }
      : null,
    error_message:
      status === 'PARTIAL'
        ? '1 of 3 candidates failed: theta: optimiser diverged'
        : status === 'FAILED'
          ? 'all 3 candidates failed'
          : status === 'CANCELLED'
            ? 'cancelled by request'
            : '',
    created_at: '2026-07-01T10:00:00Z',
    started_at: '2026-07-01T10:00:00Z',
    completed_at: active ? null : '2026-07-01T10:00:09Z',
    progress: {
      total: 3,
      pending: count('PENDING'),
      running: count('RUNNING'),
      completed: count('COMPLETED'),
      failed: count('FAILED'),
      cancelled: count('CANCELLED'),
      folds_done: cands.reduce((s, c) => s + Number(c.folds_done), 0),
      folds_total: 15,
    },
    candidate_progress: cands,
    request_id: '',
    monitor_url: `/model-selection/${id}`,
    cancel_url: `/model-selection/${id}`,
  }
}

/** The catalog labels of the fixture stores and products (fixtures/stores.json, products.json). */
const STORE_LABELS: Record<string, [string, string]> = { '1': ['S001', 'Springfield Market'], '2': ['S002', 'Riverton Market'] }
const PRODUCT_LABELS: Record<string, [string, string]> = { '1': ['SKU-0001', 'Classic Cola'], '2': ['SKU-0002', 'Organic Chips'] }

export function runSummary(
  status: RunStatusName,
  id: string,
  { storeId = '1', productId = '1', createdAt = '2026-07-01T10:00:00Z' }: { storeId?: string; productId?: string; createdAt?: string } = {},
): Json {
  const run = makeRun(status, id)
  return {
    selection_id: id,
    store_id: storeId,
    product_id: productId,
    store_code: STORE_LABELS[storeId]?.[0] ?? '',
    store_name: STORE_LABELS[storeId]?.[1] ?? '',
    product_sku: PRODUCT_LABELS[productId]?.[0] ?? '',
    product_name: PRODUCT_LABELS[productId]?.[1] ?? '',
    status: run.status,
    winner_model_type: run.winner ? (run.winner as Json).model_type : '',
    recommendation_confidence: run.recommendation_confidence,
    progress: run.progress,
    error_message: run.error_message,
    created_at: createdAt,
    completed_at: run.completed_at,
  }
}

/** A run id that GET /model-selection/{id} answers 404 for. */
export const MISSING_RUN_ID = 'dead'.repeat(8)
