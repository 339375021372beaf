import { create } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { DateRangeSchema, FoldMetricValuesSchema, FoldMetricsSchema, MetricsSchema, RankingEntrySchema } from '@/types/api'
import { csvField, foldMetricsCsv, rankingCsv } from './export-tables'

const label = (t: string) => ({ theta: 'Theta', naive: 'Naive, "last value"' })[t] ?? t

const entries = [
  create(RankingEntrySchema, {
    rank: 1,
    modelType: 'theta',
    included: true,
    metrics: create(MetricsSchema, { wape: 12.5, smape: 10, mae: 2, rmse: 3, bias: -0.5, mase: 0.8, coverage: 80, msis: 4, sampleSize: 28n }),
    foldMetrics: [
      create(FoldMetricsSchema, {
        foldIndex: 0,
        train: create(DateRangeSchema, { startDate: '2026-01-01', endDate: '2026-03-31' }),
        test: create(DateRangeSchema, { startDate: '2026-04-01', endDate: '2026-04-14' }),
        metrics: create(FoldMetricValuesSchema, { wape: Number.NaN, mae: 1.5, sampleSize: 14n }),
      }),
    ],
  }),
  create(RankingEntrySchema, { modelType: 'naive', included: false, exclusionReason: 'forecasts were not finite' }),
]

describe('CSV exports', () => {
  it('quotes fields with commas, quotes or line breaks and leaves non-finite numbers empty', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(Number.NaN)).toBe('')
    expect(csvField(undefined)).toBe('')
    expect(csvField(28n)).toBe('28')
  })

  it('writes the ranking with ranks, display names, metrics and exclusion reasons', () => {
    const lines = rankingCsv(entries, label).trim().split('\n')
    expect(lines[0]).toBe('rank,model,model_type,wape,smape,mae,rmse,bias,mase,coverage,msis,sample_size,excluded_because')
    expect(lines[1]).toBe('1,Theta,theta,12.5,10,2,3,-0.5,0.8,80,4,28,')
    expect(lines[2]).toBe(',"Naive, ""last value""",naive,,,,,,,,,,forecasts were not finite')
  })

  it('writes one row per candidate and fold with its training and test days', () => {
    const lines = foldMetricsCsv(entries, label).trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe('model,model_type,fold,train_start,train_end,test_start,test_end,wape,smape,mae,rmse,bias,mase,coverage,msis,sample_size')
    expect(lines[1]).toBe('Theta,theta,0,2026-01-01,2026-03-31,2026-04-01,2026-04-14,,0,1.5,0,0,0,0,0,14')
  })
})
