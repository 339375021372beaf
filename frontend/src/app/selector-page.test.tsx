import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import availabilityReady from '@/testing/fixtures/availability-ready.json'
import { problem } from '@/testing/handlers'
import { renderWithClient } from '@/testing/render'
import { makeRun, RUN_ID, runSummary } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { FULL_ACCESS } from './access'
import { SelectorPage } from './selector-page'

async function choosePair(user: ReturnType<typeof userEvent.setup>) {
  const store = screen.getByRole('combobox', { name: 'Store' })
  await user.click(store)
  await user.type(store, 'S001')
  await user.click(await screen.findByRole('option', { name: /S001/ }))
  const product = screen.getByRole('combobox', { name: 'Product' })
  await user.click(product)
  await user.type(product, 'SKU-0001')
  await user.click(await screen.findByRole('option', { name: /SKU-0001/ }))
}

describe('SelectorPage', () => {
  it('guides through the setup and runs the default comparison', async () => {
    const user = userEvent.setup()
    let body: Record<string, unknown> | undefined
    server.use(
      http.post('*/model-selection/runs', async ({ request }) => {
        body = (await request.json()) as Record<string, unknown>
        return HttpResponse.json((await import('@/testing/run-fixtures')).makeRun('RUNNING'), { status: 202 })
      }),
    )
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    expect(screen.getByTestId('run-reason')).toHaveTextContent('Choose a store.')
    expect(screen.getByTestId('run-button')).toBeDisabled()
    expect(screen.getByTestId('no-run')).toBeInTheDocument()

    await choosePair(user)
    expect(await screen.findByTestId('availability-status')).toHaveTextContent('ready')
    // The window defaults to the pair's full history.
    await waitFor(() => expect(screen.getByLabelText('Start date')).toHaveValue('2024-07-01'))
    expect(screen.getByLabelText('End date')).toHaveValue('2026-06-30')
    expect(await screen.findByTestId('selected-count')).toHaveTextContent('5 of 10 selected')
    await waitFor(() => expect(screen.getByTestId('run-button')).toBeEnabled())

    await user.click(screen.getByTestId('run-button'))
    await waitFor(() => expect(window.location.search).toContain(`run=${RUN_ID}`))
    expect(body).toMatchObject({ store_id: '1', product_id: '1', forecast_horizon: 14, ranking_metric: 'RANKING_METRIC_WAPE' })
    expect(body?.candidate_models).toHaveLength(5)
    // The 202 body seeds the results; the next read (default handler) is completed.
    expect(await screen.findByTestId('progress-panel')).toBeInTheDocument()
    // Results first: focus (and the view) moves to the results area.
    await waitFor(() => expect(screen.getByTestId('results')).toHaveFocus())
  })

  it('preselects Croston for an intermittent pair and says why, until the planner picks by hand', async () => {
    const intermittent = {
      ...availabilityReady,
      demand_pattern: 'DEMAND_PATTERN_INTERMITTENT',
      adi: 3.87,
      cv2: 0.21,
      recommended_candidate_model_types: [...availabilityReady.recommended_candidate_model_types, 'croston'],
    }
    server.use(http.get('*/model-selection/availability', () => HttpResponse.json(intermittent)))
    const user = userEvent.setup()
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    await choosePair(user)
    const card = await screen.findByTestId('models-card')
    await within(card).findByText('6 of 10 selected') // 5 available defaults + Croston
    expect(within(card).getByRole('checkbox', { name: /Croston/ })).toHaveAttribute('data-state', 'checked')
    expect(within(card).getByTestId('candidate-recommendation')).toHaveTextContent(
      "This pair's demand is intermittent (a sale every 3.9 days on average), so Croston (intermittent demand) is preselected too",
    )
    // Unticking is the planner's choice; Defaults brings the pair's preselection back.
    await user.click(within(card).getByRole('checkbox', { name: /Croston/ }))
    await within(card).findByText('5 of 10 selected')
    await user.click(within(card).getByRole('button', { name: 'Defaults' }))
    await within(card).findByText('6 of 10 selected')
  })

  it('says which default an intermittent pair leaves out for the intermittent family', async () => {
    const defaults = availabilityReady.recommended_candidate_model_types.filter((t) => t !== 'theta')
    const intermittent = {
      ...availabilityReady,
      demand_pattern: 'DEMAND_PATTERN_LUMPY',
      adi: 2.5,
      cv2: 0.8,
      recommended_candidate_model_types: [...defaults, 'croston'],
    }
    server.use(http.get('*/model-selection/availability', () => HttpResponse.json(intermittent)))
    const user = userEvent.setup()
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    await choosePair(user)
    const card = await screen.findByTestId('models-card')
    await within(card).findByText('5 of 10 selected') // 4 available defaults + Croston
    expect(within(card).getByRole('checkbox', { name: /^Theta/ })).toHaveAttribute('data-state', 'unchecked')
    expect(within(card).getByTestId('candidate-recommendation')).toHaveTextContent(
      "This pair's demand is lumpy (a sale every 2.5 days on average), so Croston (intermittent demand) is preselected too: built for days without sales. Theta is left out: built for sales on most days.",
    )
  })

  it('shows an inline horizon error and blocks the run', async () => {
    const user = userEvent.setup()
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    await choosePair(user)
    const horizon = screen.getByLabelText('Forecast horizon (days)')
    await user.clear(horizon)
    await user.type(horizon, '91')
    expect(screen.getByText('Enter a whole number of days from 1 to 90.')).toBeInTheDocument()
    expect(horizon).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByTestId('run-reason')).toHaveTextContent('Fix the forecast horizon')
  })

  it('explains an unusable pair before submit', async () => {
    server.use(
      http.get('*/model-selection/availability', () =>
        HttpResponse.json({ ...availabilityReady, status: 'AVAILABILITY_STATUS_UNUSABLE', observed_days: 20, reason: 'only 20 observed days, 44 needed' }),
      ),
    )
    const user = userEvent.setup()
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    await choosePair(user)
    await waitFor(() => expect(screen.getByTestId('run-reason')).toHaveTextContent('This pair cannot be backtested: only 20 observed days'))
    expect(screen.getByTestId('run-button')).toBeDisabled()
  })

  it('shows the problem detail when the run endpoint answers 501', async () => {
    server.use(http.post('*/model-selection/runs', () => problem(501, 'UNIMPLEMENTED', 'Not Implemented')))
    const user = userEvent.setup()
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    await choosePair(user)
    await waitFor(() => expect(screen.getByTestId('run-button')).toBeEnabled())
    await user.click(screen.getByTestId('run-button'))
    const card = screen.getByTestId('run-card')
    expect(await within(card).findByTestId('problem')).toHaveTextContent('The run could not be started (501 UNIMPLEMENTED)')
    expect(window.location.search).not.toContain('run=')
  })

  it('caps the selection at 10, disables unavailable models and checks params', async () => {
    const user = userEvent.setup()
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    const card = await screen.findByTestId('models-card')
    await within(card).findByText('5 of 10 selected')
    expect(within(card).getByRole('checkbox', { name: /XGBoost/ })).toBeDisabled()
    expect(within(card).getByText(/LightGBM is not available in this build/)).toBeInTheDocument()
    const boxes = () => within(card).getAllByRole('checkbox').filter((b) => !(b as HTMLButtonElement).disabled && b.getAttribute('data-state') !== 'checked')
    while (within(card).getByTestId('selected-count').textContent !== '10 of 10 selected') await user.click(boxes()[0])
    expect(boxes()).toHaveLength(0)
    expect(within(card).getByText(/maximum of 10 is reached/)).toBeInTheDocument()

    await user.click(within(card).getAllByRole('button', { name: /Parameters/ })[0])
    const input = within(card).getByLabelText('season_length')
    await user.clear(input)
    await user.type(input, '400')
    expect(within(card).getByText('Must be ≥ 1 and ≤ 365.')).toBeInTheDocument()
  })

  it('opens a run from a ?run= link', async () => {
    window.history.replaceState(null, '', `/?run=${RUN_ID}`)
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    expect(await screen.findByTestId('winner-card')).toBeInTheDocument()
    expect(within(screen.getByTestId('progress-panel')).getByTestId('run-status')).toHaveAttribute('data-status', 'completed')
    // The pair is filled in from the run.
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Store' })).toHaveValue('S001 · Springfield Market'))
  })

  it("names a model by the catalog's display name in the history, the progress table and the results alike", async () => {
    const run = makeRun('COMPLETED') as Record<string, any>
    run.candidate_progress[0].model_type = 'auto_ets'
    run.candidate_progress[2].model_type = 'ses'
    const summary = { ...runSummary('COMPLETED', RUN_ID), winner_model_type: 'auto_ets' }
    server.use(
      http.get('*/model-selection/runs', () => HttpResponse.json({ runs: [summary], next_page_token: '' })),
      http.get(`*/model-selection/${RUN_ID}`, () => HttpResponse.json(run)),
    )
    window.history.replaceState(null, '', `/?run=${RUN_ID}`)
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    await waitFor(() => expect(screen.getByTestId('history-list')).toHaveTextContent('Automatic ETS'))
    const candidates = await screen.findByRole('table', { name: 'Candidates', hidden: true })
    expect(candidates).toHaveTextContent('Automatic ETS')
    expect(candidates).toHaveTextContent('Simple exponential smoothing')
    expect(document.body).not.toHaveTextContent(/Auto ets|\bSes\b/)
    window.history.replaceState(null, '', '/')
  })

  it('opens the comparison of a ?compare= link, and closing it drops ?compare from the URL', async () => {
    const other = 'f'.repeat(32)
    window.history.replaceState(null, '', `/?compare=${RUN_ID},${other}`)
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    const dialog = await screen.findByRole('dialog', { name: 'Compare runs' })
    expect(await within(dialog).findByRole('table', { name: 'Rankings compared by model' })).toBeInTheDocument()
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(window.location.search).toBe('')
    window.history.replaceState(null, '', '/')
  })

  it('shows a settled run champion first, with the candidate table folded and expandable', async () => {
    window.history.replaceState(null, '', `/?run=${RUN_ID}`)
    const user = userEvent.setup()
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    const winner = await screen.findByTestId('winner-card')
    const panel = screen.getByTestId('progress-panel')
    const forecast = screen.getByTestId('chart-forecast')
    expect(winner.compareDocumentPosition(forecast) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(forecast.compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(within(panel).queryByRole('table', { name: 'Candidates' })).not.toBeInTheDocument()
    await user.click(within(panel).getByTestId('candidates-toggle'))
    expect(within(panel).getByRole('table', { name: 'Candidates' })).toBeVisible()
    window.history.replaceState(null, '', '/')
  })

  it('shows the error of an unknown ?run= link at the top of the page', async () => {
    server.use(http.get(`*/model-selection/${'e'.repeat(32)}`, () => problem(404, 'NOT_FOUND', 'selection not found')))
    window.history.replaceState(null, '', `/?run=${'e'.repeat(32)}`)
    const { container } = renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    const top = await screen.findByTestId('run-link-error')
    expect(top).toHaveTextContent('selection not found')
    expect(container.firstElementChild?.firstElementChild).toBe(top)
    expect(screen.getAllByTestId('problem')).toHaveLength(1)
    window.history.replaceState(null, '', '/')
  })

  it('keeps the window dates in ISO form (YYYY-MM-DD) and refuses other forms', async () => {
    const user = userEvent.setup()
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    await choosePair(user)
    const start = screen.getByLabelText('Start date')
    await waitFor(() => expect(start).toHaveValue('2024-07-01'))
    expect(start).toHaveAttribute('type', 'text')
    expect(start).toHaveAttribute('placeholder', 'YYYY-MM-DD')
    await user.clear(start)
    await user.type(start, '07/01/2024')
    expect(await within(screen.getByTestId('pair-card')).findByText('Write dates as YYYY-MM-DD, e.g. 2026-06-30.')).toBeInTheDocument()
    expect(screen.getByTestId('run-button')).toBeDisabled()
    await user.clear(start)
    await user.type(start, '2025-01-01')
    await waitFor(() => expect(screen.getByTestId('run-button')).toBeEnabled())
  })

  it('does not fade an unavailable model below readable contrast (dashed instead)', async () => {
    renderWithClient(<SelectorPage access={FULL_ACCESS} />)
    const box = await screen.findByRole('checkbox', { name: /XGBoost/ })
    const item = box.closest('li')!
    expect(item.className).not.toMatch(/opacity/)
    expect(item.className).toContain('border-dashed')
  })
})
