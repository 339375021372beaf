import { render, screen } from '@testing-library/react'
import { lazy } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { Deferred } from './deferred'

describe('Deferred', () => {
  it('holds the place while the lazy child loads, then shows it', async () => {
    let resolve!: () => void
    const loaded = new Promise<void>((r) => (resolve = r))
    const Plot = lazy(async () => {
      await loaded
      return { default: () => <svg data-testid="plot" /> }
    })
    render(
      <Deferred label="Chart">
        <Plot />
      </Deferred>,
    )
    expect(screen.getByText('Loading chart…')).toBeInTheDocument()
    resolve()
    expect(await screen.findByTestId('plot')).toBeInTheDocument()
    expect(screen.queryByText('Loading chart…')).not.toBeInTheDocument()
  })

  it('shows a message instead of the child when its code cannot be loaded', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const Plot = lazy(() => Promise.reject(new Error('Failed to fetch dynamically imported module')))
    render(
      <div>
        <h2>Results</h2>
        <Deferred label="Chart">
          <Plot />
        </Deferred>
      </div>,
    )
    expect(await screen.findByRole('alert')).toHaveTextContent('Chart could not be shown; reload the page to retry.')
    expect(screen.getByRole('heading', { name: 'Results' })).toBeInTheDocument()
  })
})
