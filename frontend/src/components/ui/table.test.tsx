import { render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Table, TBody, TD, TR } from './table'

function widths(scroll: number, client: number) {
  vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockReturnValue(scroll)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(client)
}

const table = (
  <Table aria-label="Model ranking">
    <TBody>
      <TR>
        <TD>Naive</TD>
      </TR>
    </TBody>
  </Table>
)

describe('Table', () => {
  afterEach(() => vi.restoreAllMocks())

  it('on a narrow screen becomes a focusable scrolling region with a visible hint', () => {
    widths(900, 358)
    render(table)
    const region = screen.getByRole('region', { name: 'Model ranking (scrolls sideways)' })
    expect(region).toHaveAttribute('tabindex', '0')
    expect(region).toContainElement(screen.getByRole('table', { name: 'Model ranking' }))
    expect(screen.getByTestId('scroll-hint')).toHaveTextContent('Scroll sideways for more columns')
  })

  it('shows no hint and no extra tab stop when the table fits', () => {
    widths(600, 600)
    render(table)
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
    expect(screen.queryByTestId('scroll-hint')).not.toBeInTheDocument()
  })
})
