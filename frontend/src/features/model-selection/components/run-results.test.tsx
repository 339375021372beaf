import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { problem } from '@/testing/handlers'
import { renderWithClient } from '@/testing/render'
import { makeRun, RUN_ID, type RunStatusName } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { CHAMPION_COLOR } from '@/lib/champion'
import { RunResults } from './run-results'

function serve(status: RunStatusName) {
  server.use(http.get('*/model-selection/:id', () => HttpResponse.json(makeRun(status))))
}

describe('RunResults', () => {
  it('shows a loading state, then a 501 problem gracefully', async () => {
    server.use(http.get('*/model-selection/:id', () => problem(501, 'UNIMPLEMENTED', 'Not Implemented')))
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    expect(screen.getByTestId('run-loading')).toBeInTheDocument()
    const p = await screen.findByTestId('problem')
    expect(p).toHaveTextContent('501 UNIMPLEMENTED')
    expect(p).toHaveTextContent('Request id: req-test-1')
  })

  it('shows live progress while running', async () => {
    serve('RUNNING')
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const panel = await screen.findByTestId('progress-panel')
    expect(within(panel).getByTestId('run-status')).toHaveTextContent('running')
    expect(within(panel).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '7')
    expect(within(panel).getByRole('progressbar')).toHaveAttribute('aria-valuemax', '15')
    expect(within(panel).getByText('Folds 7 / 15')).toBeInTheDocument()
    expect(within(panel).getByTestId('counts')).toHaveTextContent(/total\s*3.*pending\s*1.*running\s*1.*completed\s*1/)
    expect(within(panel).getByRole('table', { name: 'Candidates' })).toHaveTextContent('Seasonal naive')
    expect(within(panel).getByTestId('transport')).toHaveTextContent('live updates')
    expect(within(panel).getByTestId('cancel-button')).toBeInTheDocument()
    expect(screen.queryByTestId('winner-card')).not.toBeInTheDocument()
  })

  it('shows the winner, charts and ranking of a completed run', async () => {
    serve('COMPLETED')
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const winner = await screen.findByTestId('winner-card')
    expect(within(winner).getByTestId('winner-model')).toHaveTextContent('Seasonal naive')
    expect(within(winner).getByTestId('confidence')).toHaveTextContent('high confidence')
    expect(within(winner).getByText('WAPE').nextSibling).toHaveTextContent('8.5 %')
    expect(within(winner).getByTestId('bias-explanation')).toHaveTextContent('over-forecast')
    expect(within(winner).getByTestId('confidence-reasons').children).toHaveLength(2)
    expect(within(winner).getByTestId('significance')).toHaveTextContent('p = 0.011')
    expect(screen.queryByTestId('run-banner')).not.toBeInTheDocument()
    // The frames render at once; the plots (a lazily loaded chunk) draw their SVG once it loaded
    // (which takes seconds on a loaded machine).
    for (const id of ['chart-wape', 'chart-bias', 'chart-stability', 'chart-actual-vs-predicted']) {
      const chart = screen.getByTestId(id)
      await waitFor(() => expect(chart.querySelector('svg.recharts-surface')).toBeInTheDocument(), { timeout: 5000 })
    }
    expect(within(screen.getByTestId('chart-wape')).getByText('★ Seasonal naive')).toBeInTheDocument()
  })

  it("puts the champion's forecast with its band first, with a CSV download", async () => {
    serve('COMPLETED')
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const chart = await screen.findByTestId('chart-forecast')
    expect(chart).toHaveTextContent('Seasonal naive, refit on the whole window: the next 14 days with the P10–P90 band')
    // Right under the winner card, before the backtest charts.
    const winner = screen.getByTestId('winner-card')
    expect(winner.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(chart.compareDocumentPosition(screen.getByTestId('charts')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    await waitFor(() => expect(chart.querySelector('svg.recharts-surface')).toBeInTheDocument(), { timeout: 5000 })
    const link = within(chart).getByTestId('forecast-csv')
    expect(link).toHaveAttribute('download', `forecast-${RUN_ID}.csv`)
    const csv = decodeURIComponent(link.getAttribute('href')!.replace('data:text/csv;charset=utf-8,', ''))
    const lines = csv.trim().split('\n')
    expect(lines[0]).toBe('date,forecast,P10,P50,P90')
    expect(lines).toHaveLength(15)
    expect(lines[1]).toBe('2026-07-01,25,17,25,33')
  })

  it('shows no forecast for a run without a champion', async () => {
    serve('FAILED')
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    await screen.findByTestId('run-results')
    expect(screen.queryByTestId('chart-forecast')).not.toBeInTheDocument()
  })

  it('shows a champion ranked by MAE when no test day had sales, without a WAPE chart', async () => {
    const run = makeRun('COMPLETED') as Record<string, any>
    for (const e of run.ranking) e.metrics.wape = null
    run.winner.metrics.wape = null
    for (const v of run.chart_data.wape_by_model) v.value = null
    run.ranked_by = 'RANKING_METRIC_MAE'
    run.business_summary.caveats = [
      'WAPE is undefined here: no test day of the backtest had any sales, so the candidates are ranked by MAE instead.',
    ]
    server.use(http.get('*/model-selection/:id', () => HttpResponse.json(run)))
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const winner = await screen.findByTestId('winner-card')
    expect(within(winner).getByTestId('winner-model')).toHaveTextContent('Seasonal naive')
    expect(within(winner).getByText('WAPE').parentElement).toHaveTextContent('undefined: no sales in the test days')
    expect(winner).toHaveTextContent('ranked by MAE instead')
    expect(screen.getByTestId('chart-bias')).toBeInTheDocument()
    expect(screen.queryByTestId('chart-wape')).not.toBeInTheDocument()
  })

  it('sorts the ranking and opens the drawer by keyboard', async () => {
    serve('COMPLETED')
    const user = userEvent.setup()
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const table = await screen.findByTestId('ranking-table')
    let rows = within(table).getAllByTestId('ranking-row') as HTMLTableRowElement[]
    expect(rows[0]).toHaveAttribute('data-winner', 'true')
    expect(rows.map((r) => r.cells[1].textContent)).toEqual(['Seasonal naive', 'Theta', 'Naive'])
    // Sort by bias (|bias|): theta 0.8 < seasonal 1.2 < naive 2.5; again for descending.
    await user.click(within(table).getByRole('button', { name: /Bias/ }))
    rows = within(table).getAllByTestId('ranking-row') as HTMLTableRowElement[]
    expect(rows.map((r) => r.cells[1].textContent)).toEqual(['Theta', 'Seasonal naive', 'Naive'])
    await user.click(within(table).getByRole('button', { name: /Bias/ }))
    rows = within(table).getAllByTestId('ranking-row') as HTMLTableRowElement[]
    expect(rows[0].cells[1].textContent).toBe('Naive')
    expect(within(table).getByRole('columnheader', { name: /Bias/ })).toHaveAttribute('aria-sort', 'descending')
    // Coverage sorts by the distance from 80 %: naive 79, seasonal naive 70, theta 95.
    await user.click(within(table).getByRole('button', { name: /coverage/ }))
    rows = within(table).getAllByTestId('ranking-row') as HTMLTableRowElement[]
    expect(rows.map((r) => r.cells[1].textContent)).toEqual(['Naive', 'Seasonal naive', 'Theta'])
    expect(rows[0]).toHaveTextContent('79 %')

    rows[1].focus()
    await user.keyboard('{Enter}')
    const drawer = await screen.findByTestId('model-drawer')
    expect(within(drawer).getByText('Seasonal naive', { selector: 'h2' })).toBeInTheDocument()
    expect(drawer).toHaveTextContent('P10–P90 coverage70 %')
    expect(within(drawer).getByTestId('drawer-params')).toHaveTextContent('season_length')
    const foldRows = within(drawer).getByTestId('fold-table').querySelectorAll<HTMLTableRowElement>('tbody tr')
    expect(foldRows).toHaveLength(2)
    expect(foldRows[1].cells[1]).toHaveTextContent('2024-07-01 → 2026-05-21')
    expect(foldRows[1].cells[2]).toHaveTextContent('2026-06-04 → 2026-06-06')
    const drawerChart = within(drawer).getByTestId('drawer-chart')
    await waitFor(() => expect(drawerChart.querySelector('svg.recharts-surface')).toBeInTheDocument(), { timeout: 5000 })
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByTestId('model-drawer')).not.toBeInTheDocument())
  })

  it('explains a partial run and keeps the excluded candidate with its reason', async () => {
    serve('PARTIAL')
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const banner = await screen.findByTestId('run-banner')
    expect(banner).toHaveTextContent('Partial result')
    expect(within(banner).getByTestId('run-error-message')).toHaveTextContent('theta: optimiser diverged')
    expect(screen.getByTestId('run-status')).toHaveAttribute('data-status', 'partial')
    const rows = within(screen.getByTestId('ranking-table')).getAllByTestId('ranking-row')
    expect(rows[2]).toHaveTextContent('excluded')
    expect(rows[2]).toHaveTextContent('theta: optimiser diverged')
    expect(screen.getByTestId('confidence')).toHaveTextContent('low confidence')
  })

  it('shows "No champion selected" with the cause for a failed run', async () => {
    serve('FAILED')
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    expect(await screen.findByTestId('run-banner')).toHaveTextContent('The run failed')
    expect(screen.getByTestId('run-error-message')).toHaveTextContent('all 3 candidates failed')
    expect(screen.getByTestId('winner-card')).toHaveTextContent('No champion selected')
    expect(screen.getByTestId('no-winner-cause')).toHaveTextContent('no candidate produced a valid backtest')
    expect(screen.queryByTestId('charts')).not.toBeInTheDocument()
    expect(screen.getAllByTestId('ranking-row')).toHaveLength(3)
  })

  it('shows a cancelled run with its banner and kept results', async () => {
    serve('CANCELLED')
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    expect(await screen.findByTestId('run-banner')).toHaveTextContent('The run was cancelled')
    expect(screen.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled')
    expect(screen.getByTestId('winner-model')).toHaveTextContent('Naive')
    expect(screen.queryByTestId('cancel-button')).not.toBeInTheDocument()
  })

  it('cancels after confirmation and shows the outcome', async () => {
    serve('RUNNING')
    const user = userEvent.setup()
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    await user.click(await screen.findByTestId('cancel-button'))
    const dialog = await screen.findByRole('alertdialog')
    expect(dialog).toHaveTextContent('Pending candidates are skipped')
    expect(dialog).toHaveTextContent('Completed results are kept')
    await user.click(within(dialog).getByTestId('confirm-cancel'))
    expect(await screen.findByTestId('cancel-outcome')).toHaveTextContent('Cancelled. The run settled as cancelled')
    expect(screen.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled')
    expect(screen.getByTestId('run-banner')).toHaveTextContent('cancelled')
  })

  it('keeps the confirmation open when the run settles under it, and says so', async () => {
    serve('RUNNING')
    const user = userEvent.setup()
    const { client } = renderWithClient(<RunResults selectionId={RUN_ID} />)
    await user.click(await screen.findByTestId('cancel-button'))
    const dialog = await screen.findByRole('alertdialog')
    // The run completes on its own while the user reads the dialog.
    serve('COMPLETED')
    server.use(
      http.delete('*/model-selection/:id', () => problem(409, 'FAILED_PRECONDITION', 'run is already completed')),
    )
    await client.refetchQueries()
    await screen.findByTestId('winner-card')
    expect(screen.getByRole('alertdialog')).toBe(dialog)
    await user.click(within(dialog).getByTestId('confirm-cancel'))
    expect(await screen.findByTestId('cancel-outcome')).toHaveTextContent('already finished')
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument())
    expect(screen.queryByTestId('cancel-button')).not.toBeInTheDocument()
  })

  it('shows "still draining" when the cancel times out (504)', async () => {
    serve('RUNNING')
    server.use(http.delete('*/model-selection/:id', () => problem(504, 'DEADLINE_EXCEEDED', 'drain exceeded 30s')))
    const user = userEvent.setup()
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    await user.click(await screen.findByTestId('cancel-button'))
    await user.click(within(await screen.findByRole('alertdialog')).getByTestId('confirm-cancel'))
    expect(await screen.findByTestId('cancel-outcome')).toHaveTextContent('still stopping')
  })

  it('marks the champion with one colour token in the charts, the ranking and the drawer', async () => {
    serve('COMPLETED')
    const user = userEvent.setup()
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const wape = await screen.findByTestId('chart-wape')
    await waitFor(() => expect(wape.querySelector('svg.recharts-surface')).toBeInTheDocument(), { timeout: 5000 })
    const fills = [...wape.querySelectorAll('path.recharts-rectangle')].map((b) => b.getAttribute('fill'))
    expect(fills.filter((f) => f === CHAMPION_COLOR)).toHaveLength(1)
    const stability = screen.getByTestId('chart-stability')
    await waitFor(() => expect(stability.querySelector('path.recharts-line-curve')).toBeInTheDocument(), { timeout: 5000 })
    expect([...stability.querySelectorAll('path.recharts-line-curve')].map((l) => l.getAttribute('stroke'))).toContain(CHAMPION_COLOR)
    const winnerRow = within(screen.getByTestId('ranking-table')).getAllByTestId('ranking-row')[0]
    expect(winnerRow.className).toContain('bg-champion/10')
    await user.click(winnerRow)
    const drawer = await screen.findByTestId('model-drawer')
    expect(within(drawer).getByTestId('champion-badge').className).toContain('text-champion')
    const chart = within(drawer).getByTestId('drawer-chart')
    await waitFor(() => expect(chart.querySelectorAll('path.recharts-line-curve').length).toBeGreaterThan(1), { timeout: 5000 })
    const strokes = [...chart.querySelectorAll('path.recharts-line-curve')].map((l) => l.getAttribute('stroke'))
    expect(strokes).toContain(CHAMPION_COLOR)
    expect(strokes).not.toContain('var(--chart-2)')
  })

  it('never pairs an unqualified "high confidence" with a lead the Diebold–Mariano test finds not significant', async () => {
    const run = makeRun('COMPLETED') as Record<string, any>
    run.significance = { ...run.significance, p_value: 0.105, statistic: -1.62, finding: 'not significant' }
    run.recommendation_confidence = 'CONFIDENCE_LEVEL_HIGH'
    server.use(http.get('*/model-selection/:id', () => HttpResponse.json(run)))
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const winner = await screen.findByTestId('winner-card')
    const badge = within(winner).getByTestId('confidence')
    expect(badge).toHaveTextContent('high confidence, lead not significant')
    expect(badge.className).not.toContain('text-success')
    expect(within(winner).getByTestId('significance')).toHaveTextContent('the lead is not statistically significant')
    expect(within(winner).getByTestId('significance')).toHaveTextContent('p = 0.105')
    expect(within(winner).getByTestId('headline')).toHaveTextContent(
      'Recommended model: Seasonal naive, ranked first with high confidence, but its lead over Theta is not statistically significant (p = 0.105).',
    )
    expect(winner).not.toHaveTextContent(/with high confidence\./)
  })

  it('prints each sentence of the explanation once', async () => {
    const run = makeRun('COMPLETED') as Record<string, any>
    const repeated = 'Recommended model: Seasonal naive, with high confidence.'
    run.confidence_reasons = [repeated, 'Seasonal naive leads the runner-up by 15.8 % WAPE.', 'Seasonal naive leads the runner-up by 15.8 % WAPE']
    run.business_summary.caveats = ['Backtests describe the past, not a guarantee.', 'Seasonal naive leads the runner-up by 15.8 % WAPE.']
    server.use(http.get('*/model-selection/:id', () => HttpResponse.json(run)))
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const winner = await screen.findByTestId('winner-card')
    expect(within(winner).getByTestId('headline')).toHaveTextContent(repeated)
    const text = winner.textContent ?? ''
    expect(text.split('Recommended model: Seasonal naive').length - 1).toBe(1)
    expect(text.split('leads the runner-up by 15.8 % WAPE').length - 1).toBe(1)
    expect(within(winner).getByTestId('confidence-reasons').children).toHaveLength(1)
  })

  it('opens the drawer on itself, not on its chart, and closes back to the row that opened it', async () => {
    serve('COMPLETED')
    const user = userEvent.setup()
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    const rows = within(await screen.findByTestId('ranking-table')).getAllByTestId('ranking-row')
    await user.click(rows[1])
    const drawer = await screen.findByTestId('model-drawer')
    const chart = within(drawer).getByTestId('drawer-chart')
    await waitFor(() => expect(chart.querySelector('svg.recharts-surface')).toBeInTheDocument(), { timeout: 5000 })
    expect(drawer).toHaveFocus()
    expect(chart.contains(document.activeElement)).toBe(false)
    await user.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByTestId('model-drawer')).not.toBeInTheDocument())
    expect(within(screen.getByTestId('ranking-table')).getAllByTestId('ranking-row')[1]).toHaveFocus()
  })

  it("fits the drawer's fold table on a phone: ranges wrap at the arrow, sMAPE only from sm up", async () => {
    serve('COMPLETED')
    const user = userEvent.setup()
    renderWithClient(<RunResults selectionId={RUN_ID} />)
    await user.click(within(await screen.findByTestId('ranking-table')).getAllByTestId('ranking-row')[0])
    const drawer = await screen.findByTestId('model-drawer')
    const table = within(drawer).getByRole('table', { name: 'Per-fold metrics' })
    const row = table.querySelectorAll<HTMLTableRowElement>('tbody tr')[1]
    expect(row.cells[1]).toHaveTextContent('2024-07-01 → 2026-05-21')
    expect(row.cells[1].className).not.toContain('whitespace-nowrap')
    expect(row.cells[1].querySelectorAll('span.whitespace-nowrap')).toHaveLength(2)
    expect(within(table).getByRole('columnheader', { name: 'sMAPE' }).className.split(' ')).toEqual(expect.arrayContaining(['hidden', 'sm:table-cell']))
  })
})
