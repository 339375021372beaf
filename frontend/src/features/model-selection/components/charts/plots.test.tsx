import { create } from '@bufbuild/protobuf'
import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CHAMPION_COLOR } from '@/lib/champion'
import { humanize } from '@/lib/format'
import { FoldSeriesSchema, ModelFoldStabilitySchema, ModelValueSchema } from '@/types/api'
import { merge } from './actual-vs-predicted-plot'
import { ActualVsPredictedPlot, BiasByModelPlot, FoldStabilityPlot } from './plots'

const fold = (foldIndex: number, dates: string[], predictions: number[]) =>
  create(FoldSeriesSchema, { foldIndex, dates, actuals: dates.map(() => 10), predictions })

describe('plots', () => {
  it('puts each bias value in its model label, never as a label at the bar end', () => {
    const values = [
      create(ModelValueSchema, { modelType: 'trend_regression_baseline', value: -12.5, isWinner: true }),
      create(ModelValueSchema, { modelType: 'naive', value: 3.25 }),
    ]
    const { container } = render(<BiasByModelPlot values={values} labelOf={humanize} height={200} />)
    expect(container.querySelectorAll('.recharts-label-list')).toHaveLength(0)
    // (recharts draws the axis labels in a layer of their own, outside .recharts-yAxis)
    const ticks = [...container.querySelectorAll('text')].map((t) => t.textContent).filter((t) => t?.includes('('))
    expect(ticks).toEqual(['★ Trend regression baseline (-12.50)', 'Naive (+3.25)'])
  })

  it('gives every fold-stability line its own colour, the champion its token', () => {
    const types = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']
    const stability = types.map((t, i) => create(ModelFoldStabilitySchema, { modelType: t, wapeByFold: [10 + i, 11 + i] }))
    const { container } = render(<FoldStabilityPlot stability={stability} winner="c" labelOf={humanize} height={240} />)
    const lines = [...container.querySelectorAll('path.recharts-line-curve')]
    expect(lines).toHaveLength(10)
    const looks = lines.map((l) => `${l.getAttribute('stroke')}|${l.getAttribute('stroke-dasharray') ?? ''}`)
    expect(new Set(looks).size).toBe(10)
    expect(lines.filter((l) => l.getAttribute('stroke') === CHAMPION_COLOR)).toHaveLength(1)
  })

  it('draws each backtest fold as its own segment, with a gap between folds', () => {
    const folds = [fold(0, ['2026-01-01', '2026-01-02', '2026-01-03'], [9, 10, 11]), fold(1, ['2026-03-01', '2026-03-02'], [12, 13])]
    const rows = merge([{ key: 'winner', label: 'Naive', color: CHAMPION_COLOR, folds }])
    expect(rows.map((r) => r.date)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03', 'gap:0', '2026-03-01', '2026-03-02'])
    const { container } = render(
      <ActualVsPredictedPlot series={[{ key: 'winner', label: 'Naive', color: CHAMPION_COLOR, folds }]} height={240} />,
    )
    const paths = [...container.querySelectorAll('path.recharts-line-curve')]
    expect(paths.length).toBe(2) // actual, prediction
    for (const p of paths) expect(p.getAttribute('d')?.match(/M/g)).toHaveLength(2)
  })
})
