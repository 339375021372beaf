import { screen, waitFor, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import availabilityReady from '@/testing/fixtures/availability-ready.json'
import { problem } from '@/testing/handlers'
import { renderWithClient } from '@/testing/render'
import { server } from '@/testing/server'
import { AvailabilityCard } from './availability-card'

describe('AvailabilityCard', () => {
  it('asks for a pair when nothing is chosen', () => {
    renderWithClient(<AvailabilityCard />)
    expect(screen.getByTestId('availability-empty')).toHaveTextContent('Choose a store and a product')
  })

  it('asks for a valid horizon', () => {
    renderWithClient(<AvailabilityCard storeId="1" productId="1" />)
    expect(screen.getByText(/forecast horizon between 1 and 90/)).toBeInTheDocument()
  })

  it('shows loading, then the ready status, tiles, split and sparkline', async () => {
    renderWithClient(<AvailabilityCard storeId="1" productId="1" horizon={14} />)
    expect(screen.getByLabelText('Loading availability')).toBeInTheDocument()
    expect(await screen.findByTestId('availability-status')).toHaveTextContent('ready')
    expect(screen.getByText('Observed days').nextSibling).toHaveTextContent('721')
    expect(screen.getByText('Coverage').nextSibling).toHaveTextContent('98.8 %')
    expect(screen.getByText('Promotion days').nextSibling).toHaveTextContent('35')
    expect(screen.getByText('Demand pattern').parentElement).toHaveTextContent('SmoothADI 1 · CV² 0.09')
    expect(screen.getByTestId('recommended-split')).toHaveTextContent('expanding window, 5 folds, min train 30 days')
    const sparkline = await screen.findByRole('figure', { name: /Sales history/ })
    await waitFor(() => expect(sparkline.querySelector('svg.recharts-surface')).toBeInTheDocument(), { timeout: 5000 })
  })

  it('explains an unusable pair and shows warnings', async () => {
    server.use(
      http.get('*/model-selection/availability', () =>
        HttpResponse.json({
          ...availabilityReady,
          status: 'AVAILABILITY_STATUS_UNUSABLE',
          observed_days: 20,
          promotion_days: null,
          warnings: ['coverage is 40 %'],
          reason: '20 observed days; 44 needed.',
        }),
      ),
    )
    renderWithClient(<AvailabilityCard storeId="1" productId="1" horizon={14} />)
    expect(await screen.findByTestId('availability-status')).toHaveTextContent('unusable')
    expect(screen.getByText('Not enough data for a backtest')).toBeInTheDocument()
    expect(screen.getByText('coverage is 40 %')).toBeInTheDocument()
    expect(screen.getByText('Promotion days').nextSibling).toHaveTextContent('n/a')
    expect(screen.queryByTestId('recommended-split')).not.toBeInTheDocument()
  })

  it('names an intermittent pattern with its figures and warning', async () => {
    const warning = 'Demand is intermittent (ADI 3.87, CV² 0.21): most days have no sales, so WAPE and other percentage errors are fragile here.'
    server.use(
      http.get('*/model-selection/availability', () =>
        HttpResponse.json({ ...availabilityReady, demand_pattern: 'DEMAND_PATTERN_INTERMITTENT', adi: 3.8713, cv2: 0.2104, warnings: [warning] }),
      ),
    )
    renderWithClient(<AvailabilityCard storeId="1" productId="4" horizon={14} />)
    expect(await screen.findByTestId('availability-status')).toHaveTextContent('ready')
    expect(screen.getByText('Demand pattern').nextSibling).toHaveTextContent('Intermittent')
    expect(screen.getByText('Demand pattern').parentElement).toHaveTextContent('ADI 3.87 · CV² 0.21')
    expect(screen.getByText(warning)).toBeInTheDocument()
  })

  it('shows no figures for a run stored before demand patterns existed', async () => {
    const { demand_pattern: _p, adi: _a, cv2: _c, ...old } = availabilityReady
    server.use(http.get('*/model-selection/availability', () => HttpResponse.json(old)))
    renderWithClient(<AvailabilityCard storeId="1" productId="1" horizon={14} />)
    expect(await screen.findByTestId('availability-status')).toHaveTextContent('ready')
    expect(screen.getByText('Demand pattern').parentElement).toHaveTextContent(/^Demand patternn\/a$/)
  })

  it('shows the problem detail on error', async () => {
    server.use(http.get('*/model-selection/availability', () => problem(404, 'NOT_FOUND', 'store 7 not found')))
    renderWithClient(<AvailabilityCard storeId="7" productId="1" horizon={14} />)
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText('store 7 not found')).toBeInTheDocument()
  })
})
