import { screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { humanize } from '@/lib/format'
import { renderWithClient } from '@/testing/render'
import { makeRun, MISSING_RUN_ID, RUN_ID } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { better, RunCompare } from './run-compare'

const OTHER = 'a'.repeat(32)

/** Run B: partial (theta failed), its seasonal naive worse and its naive better than run A's. */
function serveRunB() {
  const run = makeRun('PARTIAL', OTHER) as { ranking: { model_type: string; metrics: Record<string, unknown> | null }[] }
  for (const e of run.ranking) {
    if (e.model_type === 'seasonal_naive') e.metrics = { ...e.metrics, wape: 9.5 }
    if (e.model_type === 'naive') e.metrics = { ...e.metrics, wape: 12 }
  }
  server.use(http.get(`*/model-selection/${OTHER}`, () => HttpResponse.json(run)))
}

const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map((c) => c.textContent)

describe('RunCompare', () => {
  it("shows both runs' outcome and their rankings aligned by model", async () => {
    serveRunB()
    renderWithClient(<RunCompare ids={[RUN_ID, OTHER]} labelOf={humanize} />)
    const table = await screen.findByRole('table', { name: 'Rankings compared by model' })
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Model',
      'Run A rank',
      'Run A WAPE',
      'Run A MAE',
      'Run A Coverage',
      'Run B rank',
      'Run B WAPE',
      'Run B MAE',
      'Run B Coverage',
    ])
    await screen.findByText('Run B', { exact: false, selector: 'h3' })
    const row = (name: string) => within(table).getByRole('rowheader', { name }).closest('tr')!
    // Seasonal naive: first in both, run A's WAPE lower.
    expect(cells(row('Seasonal naive'))).toEqual(['#1', '8.5 % (better) ▲', '3.1', '70.0 %', '#1', '9.5 %', '3.1', '70.0 %'])
    // Naive: third in A, second in B, where it scored better.
    expect(cells(row('Naive'))).toEqual(['#3', '14.2 %', '3.1', '79.0 %', '#2', '12.0 % (better) ▲', '3.1', '79.0 %'])
    // Theta failed in B: excluded there, nothing to compare.
    expect(cells(row('Theta'))).toEqual(['#2', '10.1 %', '3.1', '95.0 %', 'excluded', 'n/a', 'n/a', 'n/a'])

    const a = screen.getByTestId('compare-run-0')
    expect(a).toHaveTextContent('Store #1 · Product #1')
    expect(a).toHaveTextContent('completed')
    expect(a).toHaveTextContent('Winner' + 'Seasonal naive')
    expect(a).toHaveTextContent('Ranked byWAPE')
    const b = await screen.findByTestId('compare-run-1')
    expect(b).toHaveTextContent('partial')
  })

  it('shows a run that cannot be found as an error in its column, and the other run still', async () => {
    renderWithClient(<RunCompare ids={[RUN_ID, MISSING_RUN_ID]} labelOf={humanize} />)
    const b = screen.getByTestId('compare-run-1')
    expect(await within(b).findByTestId('problem')).toHaveTextContent(/not found/i)
    expect(b).toHaveTextContent('Could not load Run B')
    const table = await screen.findByRole('table', { name: 'Rankings compared by model' })
    const row = within(table).getByRole('rowheader', { name: 'Seasonal naive' }).closest('tr')!
    expect(cells(row).slice(0, 2)).toEqual(['#1', '8.5 %'])
    expect(within(table).queryByText(/better/)).not.toBeInTheDocument()
  })

  it('marks lower as better, bias closer to zero and coverage closer to 80 %', () => {
    expect(better('coverage', 95, 79)).toBe(1)
    expect(better('coverage', 78, 90)).toBe(0)
    expect(better('wape', 8, 9)).toBe(0)
    expect(better('wape', 9, 8)).toBe(1)
    expect(better('bias', -1, 2)).toBe(0)
    expect(better('wape', 8, 8)).toBeUndefined()
    expect(better('wape', 8, undefined)).toBeUndefined()
  })
})
