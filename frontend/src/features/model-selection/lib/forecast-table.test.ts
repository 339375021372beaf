import { create } from '@bufbuild/protobuf'
import { describe, expect, it } from 'vitest'
import { FoldSeriesSchema, ForecastQuantileSchema, ForecastSchema } from '@/types/api'
import { forecastCsv, forecastRows, quantileName, recentActuals } from './forecast-table'

const forecast = create(ForecastSchema, {
  dates: ['2026-07-01', '2026-07-02'],
  values: [10, 12.5],
  quantiles: [
    create(ForecastQuantileSchema, { level: 0.1, values: [6, 7] }),
    create(ForecastQuantileSchema, { level: 0.5, values: [10, 12] }),
    create(ForecastQuantileSchema, { level: 0.9, values: [15, Number.NaN] }),
  ],
  intervalMethod: 'conformal',
})

describe('forecast table', () => {
  it('names quantile levels as planners do', () => {
    expect(quantileName(0.1)).toBe('P10')
    expect(quantileName(0.9)).toBe('P90')
    expect(quantileName(0.025)).toBe('P2.5')
  })

  it('gives one row per date with every quantile', () => {
    const rows = forecastRows(forecast)
    expect(rows).toHaveLength(2)
    expect(rows[1]).toEqual({ date: '2026-07-02', forecast: 12.5, quantiles: { P10: 7, P50: 12, P90: Number.NaN } })
  })

  it('writes CSV with a header and empty cells for missing values', () => {
    expect(forecastCsv(forecast)).toBe('date,forecast,P10,P50,P90\n2026-07-01,10,6,10,15\n2026-07-02,12.5,7,12,\n')
  })

  it("takes the latest fold's actuals before the forecast starts, not earlier folds'", () => {
    const folds = [
      create(FoldSeriesSchema, { foldIndex: 1, dates: ['2026-06-28', '2026-06-29', '2026-06-30', '2026-07-01'], actuals: [3, Number.NaN, 4, 5], predictions: [1, 1, 1, 1] }),
      create(FoldSeriesSchema, { foldIndex: 0, dates: ['2026-01-10', '2026-01-11'], actuals: [1, 2], predictions: [1, 1] }),
    ]
    expect(recentActuals(folds, '2026-07-01')).toEqual([
      { date: '2026-06-28', actual: 3 },
      { date: '2026-06-30', actual: 4 },
    ])
    expect(recentActuals([], '2026-07-01')).toEqual([])
  })
})
