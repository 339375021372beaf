import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it, vi } from 'vitest'
import { humanize } from '@/lib/format'
import { problem } from '@/testing/handlers'
import { renderWithClient } from '@/testing/render'
import { RUN_ID } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { RunHistoryList } from './run-history-list'

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
})
