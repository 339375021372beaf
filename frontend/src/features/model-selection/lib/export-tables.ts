import type { RankingEntry } from '@/types/api'

const METRICS = ['wape', 'smape', 'mae', 'rmse', 'bias', 'mase', 'coverage', 'msis'] as const

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string | number | bigint | undefined | null): string {
  if (value === undefined || value === null) return ''
  if (typeof value === 'number' && !Number.isFinite(value)) return ''
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function csv(rows: (string | number | bigint | undefined | null)[][]): string {
  return `${rows.map((row) => row.map(csvField).join(',')).join('\n')}\n`
}

/**
 * The ranking as CSV: one row per candidate in ranking order, with its rank (empty when
 * excluded), display name, model type, the pooled metrics and why it was excluded.
 */
export function rankingCsv(entries: RankingEntry[], labelOf: (t: string) => string): string {
  const rows: (string | number | bigint | undefined)[][] = [
    ['rank', 'model', 'model_type', ...METRICS, 'sample_size', 'excluded_because'],
  ]
  for (const e of entries) {
    const m = e.metrics
    rows.push([
      e.rank,
      labelOf(e.modelType),
      e.modelType,
      ...METRICS.map((k) => m?.[k]),
      m?.sampleSize,
      e.included ? '' : e.exclusionReason || e.error,
    ])
  }
  return csv(rows)
}

/** Every candidate's metrics per fold, with the fold's training and test days. */
export function foldMetricsCsv(entries: RankingEntry[], labelOf: (t: string) => string): string {
  const rows: (string | number | bigint | undefined)[][] = [
    ['model', 'model_type', 'fold', 'train_start', 'train_end', 'test_start', 'test_end', ...METRICS, 'sample_size'],
  ]
  for (const e of entries) {
    for (const f of e.foldMetrics) {
      rows.push([
        labelOf(e.modelType),
        e.modelType,
        f.foldIndex,
        f.train?.startDate,
        f.train?.endDate,
        f.test?.startDate,
        f.test?.endDate,
        ...METRICS.map((k) => f.metrics?.[k]),
        f.metrics?.sampleSize,
      ])
    }
  }
  return csv(rows)
}
