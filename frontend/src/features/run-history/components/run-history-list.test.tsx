import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { humanize } from '@/lib/format'
import { problem, runsHandler } from '@/testing/handlers'
import { renderWithClient } from '@/testing/render'
import { RUN_ID, runSummary } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { RunCompareDialog } from './run-compare-dialog'
import { RunHistoryList } from './run-history-list'

/** Records the query of every GET /model-selection/runs, then lets the default handler answer. */
function recordRunRequests(): URLSearchParams[] {
  const seen: URLSearchParams[] = []
  server.use(
    http.get('*/model-selection/runs', ({ request }) => {
      seen.push(new URL(request.url).searchParams)
    }),
  )
  return seen
}

const id = (i: number) => i.toString(16).padStart(32, '0')

describe('RunHistoryList', () => {
  it('lists runs with status and winner, and opens one', async () => {
    const onOpen = vi.fn()
    renderWithClient(<RunHistoryList storeId="1" productId="1" onOpen={onOpen} labelOf={humanize} />)
    const list = await screen.findByTestId('history-list')
    expect(list).toHaveTextContent('completed')
    expect(list).toHaveTextContent('Seasonal naive')
    expect(list).toHaveTextContent('partial')
    await userEvent.click(screen.getAllByRole('button', { name: /completed/ })[0])
    expect(onOpen).toHaveBeenCalledWith(RUN_ID)
  })

  it('names the store and product, with code and SKU beside them', async () => {
    server.use(runsHandler([runSummary('COMPLETED', RUN_ID, { storeId: '2', productId: '2' })]))
    renderWithClient(<RunHistoryList onOpen={() => {}} labelOf={humanize} />)
    const pair = await screen.findByTestId('history-pair')
    expect(pair).toHaveTextContent('Riverton Market S002 · Organic Chips SKU-0002')
  })

  it('falls back to ids for a run without catalog labels', async () => {
    server.use(runsHandler([{ ...runSummary('COMPLETED', RUN_ID), store_name: '', store_code: '', product_name: '', product_sku: '' }]))
    renderWithClient(<RunHistoryList onOpen={() => {}} labelOf={humanize} />)
    expect(await screen.findByTestId('history-pair')).toHaveTextContent('Store #1 · Product #1')
  })

  it('shows an empty state', async () => {
    server.use(http.get('*/model-selection/runs', () => HttpResponse.json({ runs: [], next_page_token: '' })))
    renderWithClient(<RunHistoryList onOpen={() => {}} labelOf={humanize} />)
    expect(await screen.findByTestId('history-empty')).toHaveTextContent('No runs yet all pairs')
  })

  it('shows 501 as not available yet', async () => {
    server.use(http.get('*/model-selection/runs', () => problem(501, 'UNIMPLEMENTED', 'Not Implemented')))
    renderWithClient(<RunHistoryList onOpen={() => {}} labelOf={humanize} />)
    expect(await screen.findByTestId('problem')).toHaveTextContent('not available in this backend build yet')
  })

  it('sends the pair, status and created dates as query parameters', async () => {
    const seen = recordRunRequests()
    renderWithClient(<RunHistoryList storeId="1" productId="1" onOpen={() => {}} labelOf={humanize} />)
    await screen.findByTestId('history-list')
    expect(seen.at(-1)?.get('store_id')).toBe('1')
    expect(seen.at(-1)?.get('product_id')).toBe('1')
    expect(seen.at(-1)?.get('page_size')).toBe('20')

    await userEvent.selectOptions(screen.getByLabelText('Status'), 'partial')
    fireEvent.change(screen.getByLabelText('Created from'), { target: { value: '2026-06-01' } })
    fireEvent.change(screen.getByLabelText('Created to'), { target: { value: '2026-07-31' } })
    await waitFor(() => expect(seen.at(-1)?.get('created_to')).toBe('2026-07-31'))
    const q = seen.at(-1)!
    expect(q.get('status')).toBe('partial')
    expect(q.get('created_from')).toBe('2026-06-01')
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(1))
    expect(screen.getByTestId('history-list')).toHaveTextContent('partial')

    await userEvent.selectOptions(screen.getByLabelText('Pair'), 'all')
    await waitFor(() => expect(seen.at(-1)?.has('store_id')).toBe(false))
    expect(seen.at(-1)?.has('product_id')).toBe(false)
    expect(seen.at(-1)?.get('status')).toBe('partial')
  })

  it('does not send a date range that ends before it starts, and says why', async () => {
    const seen = recordRunRequests()
    renderWithClient(<RunHistoryList onOpen={() => {}} labelOf={humanize} />)
    await screen.findByTestId('history-list')
    fireEvent.change(screen.getByLabelText('Created from'), { target: { value: '2026-07-02' } })
    fireEvent.change(screen.getByLabelText('Created to'), { target: { value: '2026-07-01' } })
    expect(await screen.findByRole('alert')).toHaveTextContent('From must not be after To')
    expect(screen.getByLabelText('Created to')).toHaveAttribute('aria-invalid', 'true')
    expect(seen.some((q) => q.get('created_from') === '2026-07-02' && q.get('created_to') === '2026-07-01')).toBe(false)
  })

  it('takes created dates as ISO text and refuses other forms', async () => {
    const seen = recordRunRequests()
    renderWithClient(<RunHistoryList onOpen={() => {}} labelOf={humanize} />)
    await screen.findByTestId('history-list')
    const from = screen.getByLabelText('Created from')
    expect(from).toHaveAttribute('type', 'text')
    expect(from).toHaveAttribute('placeholder', 'YYYY-MM-DD')
    await userEvent.type(from, '2026-0')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    await userEvent.clear(from)
    await userEvent.type(from, '06/30/2026')
    expect(await screen.findByRole('alert')).toHaveTextContent('Write Created from as YYYY-MM-DD')
    await userEvent.clear(from)
    await userEvent.type(from, '2026-02-31')
    expect(screen.getByRole('alert')).toHaveTextContent('Write Created from as YYYY-MM-DD')
    expect(seen.some((q) => q.has('created_from'))).toBe(false)
  })

  it("shows the gateway's 422 naming the field it refused", async () => {
    server.use(
      http.get('*/model-selection/runs', () =>
        problem(422, 'INVALID_ARGUMENT', 'invalid request', [{ field: 'created_from', message: 'must be a day within 1900-01-01..2199-12-31' }]),
      ),
    )
    renderWithClient(<RunHistoryList onOpen={() => {}} labelOf={humanize} />)
    const alert = await screen.findByTestId('problem')
    expect(alert).toHaveTextContent('Run history unavailable')
    expect(alert).toHaveTextContent('created_from')
  })

  it('pages beyond 20 with the next page token and back', async () => {
    server.use(runsHandler(Array.from({ length: 25 }, (_, i) => runSummary('COMPLETED', id(i + 1)))))
    const seen = recordRunRequests()
    renderWithClient(<RunHistoryList onOpen={() => {}} labelOf={humanize} />)
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(20))
    expect(screen.getByRole('button', { name: /Previous page/ })).toBeDisabled()

    await userEvent.click(screen.getByRole('button', { name: /Next page/ }))
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(5))
    expect(seen.at(-1)?.get('page_token')).toBe('20')
    expect(screen.getByTestId('history-page')).toHaveTextContent('Page 2')
    expect(screen.getByRole('button', { name: /Next page/ })).toBeDisabled()

    await userEvent.click(screen.getByRole('button', { name: /Previous page/ }))
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(20))
    expect(screen.getByTestId('history-page')).toHaveTextContent('Page 1')
  })

  it('compares at most two checked runs', async () => {
    server.use(runsHandler([1, 2, 3].map((i) => runSummary('COMPLETED', id(i)))))
    const onCompare = vi.fn()
    renderWithClient(<RunHistoryList onOpen={() => {}} onCompare={onCompare} labelOf={humanize} />)
    const boxes = await screen.findAllByRole('checkbox', { name: /Compare run/ })
    const compare = screen.getByRole('button', { name: /Compare/ })
    expect(compare).toBeDisabled()
    await userEvent.click(boxes[0])
    await userEvent.click(boxes[2])
    expect(boxes[1]).toBeDisabled()
    await userEvent.click(compare)
    expect(onCompare).toHaveBeenCalledWith([id(1), id(3)])
    await userEvent.click(screen.getByRole('button', { name: 'Clear checked runs' }))
    expect(boxes.every((b) => !(b as HTMLInputElement).checked && !(b as HTMLInputElement).disabled)).toBe(true)
    expect(compare).toBeDisabled()
  })

  it('opens the comparison in a dialog with focus inside, and gives focus back on close', async () => {
    server.use(runsHandler([1, 2].map((i) => runSummary('COMPLETED', id(i)))))
    function Harness() {
      const [ids, setIds] = useState<[string, string]>()
      return (
        <>
          <RunHistoryList onOpen={() => {}} onCompare={setIds} labelOf={humanize} />
          <RunCompareDialog ids={ids} onClose={() => setIds(undefined)} labelOf={humanize} />
        </>
      )
    }
    renderWithClient(<Harness />)
    for (const box of await screen.findAllByRole('checkbox', { name: /Compare run/ })) await userEvent.click(box)
    const compare = screen.getByRole('button', { name: /Compare/ })
    await userEvent.click(compare)
    const dialog = await screen.findByRole('dialog', { name: 'Compare runs' })
    await waitFor(() => expect(dialog).toContainElement(document.activeElement as HTMLElement))
    await within(dialog).findByTestId('compare-table')
    // The pair is named from the history already loaded.
    expect(within(dialog).getByTestId('compare-run-0')).toHaveTextContent('Springfield Market (S001) · Classic Cola (SKU-0001)')
    await userEvent.keyboard('{Escape}')
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    await waitFor(() => expect(compare).toHaveFocus())
  })
})
