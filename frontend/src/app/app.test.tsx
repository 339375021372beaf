import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { currentToken, reloadSession } from '@/lib/session'
import { problem, whoami } from '@/testing/handlers'
import { renderWithClient, testQueryClient } from '@/testing/render'
import { makeRun, RUN_ID } from '@/testing/run-fixtures'
import { server } from '@/testing/server'
import { App } from './app'

/** Every request the app made: method, path and Authorization header. */
let requests: { method: string; path: string; auth: string | null }[] = []
const record = ({ request }: { request: Request }) => {
  requests.push({ method: request.method, path: new URL(request.url).pathname, auth: request.headers.get('authorization') })
}
beforeEach(() => {
  requests = []
  server.events.on('request:start', record)
})
afterEach(() => server.events.removeListener('request:start', record))

function renderApp() {
  const client = testQueryClient()
  return renderWithClient(<App client={client} />, client)
}

async function signIn(user: ReturnType<typeof userEvent.setup>, token = 'dev-token') {
  await user.type(await screen.findByLabelText('API token'), token)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))
}

/** A token kept in sessionStorage by an earlier page load of this tab. */
function keptToken(token: string) {
  sessionStorage.setItem('champion-token', token)
  reloadSession()
}

describe('App sign-in', () => {
  it('shows only the sign-in screen, and requests nothing, until signed in', async () => {
    renderApp()
    expect(screen.getByLabelText('API token')).toHaveFocus()
    expect(screen.queryByTestId('run-card')).not.toBeInTheDocument()
    expect(screen.queryByTestId('session')).not.toBeInTheDocument()
    await new Promise((r) => setTimeout(r, 50))
    expect(requests).toEqual([])
  })

  it('signs in, shows who is signed in and sends the token with every call', async () => {
    const user = userEvent.setup()
    renderApp()
    await signIn(user)
    const session = await screen.findByTestId('session')
    expect(within(session).getByTestId('identity')).toHaveTextContent('dev')
    expect(within(session).getByTestId('scopes')).toHaveTextContent('scopes: admin, data:read, data:write, runs:read, runs:write')
    expect(within(session).queryByTestId('read-only-badge')).not.toBeInTheDocument()
    expect(await screen.findByTestId('run-card')).toBeInTheDocument()
    await screen.findByTestId('history-list')
    expect(requests.length).toBeGreaterThan(1)
    expect(requests.every((r) => r.auth === 'Bearer dev-token')).toBe(true)
  })

  it('shows when a JWT expires', async () => {
    server.use(whoami(['runs:read'], 'ci-bot', { expires_at: '2030-01-02T03:04:05Z' }))
    const user = userEvent.setup()
    renderApp()
    await signIn(user)
    const session = await screen.findByTestId('session')
    expect(within(session).getByTestId('expires')).toHaveTextContent(/token valid until .*2030/)
  })

  it('signs out: forgets the token and the data, and returns to sign-in', async () => {
    const user = userEvent.setup()
    const { client } = renderApp()
    await signIn(user)
    await screen.findByTestId('history-list')
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(await screen.findByRole('status')).toHaveTextContent('You have signed out.')
    expect(screen.getByLabelText('API token')).toHaveFocus()
    expect(screen.queryByTestId('session')).not.toBeInTheDocument()
    expect(sessionStorage.getItem('champion-token')).toBeNull()
    expect(client.getQueryCache().getAll()).toHaveLength(0)
  })

  it('returns to sign-in with a message when a call answers 401 mid-session', async () => {
    server.use(http.get('*/model-selection/runs', () => problem(401, 'UNAUTHENTICATED', 'token expired')))
    const user = userEvent.setup()
    renderApp()
    await signIn(user)
    expect(await screen.findByRole('alert')).toHaveTextContent('Your session has ended')
    expect(screen.getByLabelText('API token')).toBeInTheDocument()
    expect(screen.queryByTestId('run-card')).not.toBeInTheDocument()
    expect(currentToken()).toBeNull()
    expect(sessionStorage.getItem('champion-token')).toBeNull()

    // Signing in again with a good token brings the dashboard back.
    server.resetHandlers()
    await signIn(user, 'new-token')
    expect(await screen.findByTestId('history-list')).toBeInTheDocument()
  })

  it('returns to sign-in when the live stream of a run answers 401', async () => {
    window.history.replaceState(null, '', `/?run=${RUN_ID}`)
    server.use(
      http.get(`*/model-selection/${RUN_ID}`, () => HttpResponse.json(makeRun('RUNNING'))),
      http.get('*/model-selection/:id/events', () => problem(401, 'UNAUTHENTICATED', 'token revoked')),
    )
    const user = userEvent.setup()
    renderApp()
    await signIn(user)
    expect(await screen.findByTestId('session-ended')).toHaveTextContent('Your session has ended')
    // The run stays in the URL for after the next sign-in.
    expect(window.location.search).toContain(`run=${RUN_ID}`)
  })
})

describe('App with a token kept from before a reload', () => {
  it('checks the token and shows the dashboard', async () => {
    keptToken('kept')
    renderApp()
    expect(screen.getByTestId('session-checking')).toHaveTextContent('Checking your session')
    expect(await screen.findByTestId('identity')).toHaveTextContent('dev')
    expect(requests[0]).toEqual({ method: 'GET', path: '/whoami', auth: 'Bearer kept' })
  })

  it('offers "Skip to main content" as the first focusable element', async () => {
    keptToken('kept')
    const user = userEvent.setup()
    renderApp()
    await screen.findByTestId('identity')
    await user.tab()
    const skip = screen.getByRole('link', { name: 'Skip to main content' })
    expect(skip).toHaveFocus()
    expect(skip).toHaveAttribute('href', '#main')
    expect(document.getElementById('main')?.tagName).toBe('MAIN')
  })

  it('returns to sign-in when the kept token is no longer accepted', async () => {
    keptToken('rotated')
    server.use(http.get('*/whoami', () => problem(401, 'UNAUTHENTICATED', 'unknown token')))
    renderApp()
    expect(await screen.findByTestId('session-ended')).toHaveTextContent('Your session has ended')
    expect(sessionStorage.getItem('champion-token')).toBeNull()
  })

  it('offers to try again when the gateway cannot be reached', async () => {
    keptToken('kept')
    server.use(http.get('*/whoami', () => HttpResponse.error()))
    const user = userEvent.setup()
    renderApp()
    const panel = await screen.findByTestId('session-unverified')
    expect(within(panel).getByRole('alert')).toHaveTextContent('could not be reached')
    server.resetHandlers()
    await user.click(within(panel).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByTestId('identity')).toHaveTextContent('dev')
    expect(currentToken()).toBe('kept')
  })
})

describe('App with a read-only token', () => {
  it('disables running and cancelling, with the reason, and never sends them', async () => {
    window.history.replaceState(null, '', `/?run=${RUN_ID}`)
    server.use(
      whoami(['data:read', 'runs:read'], 'viewer'),
      http.get(`*/model-selection/${RUN_ID}`, () => HttpResponse.json(makeRun('RUNNING'))),
    )
    const user = userEvent.setup()
    renderApp()
    await signIn(user)
    const session = await screen.findByTestId('session')
    expect(within(session).getByTestId('read-only-badge')).toHaveTextContent('read-only')
    expect(screen.getByTestId('run-button')).toBeDisabled()
    expect(screen.getByTestId('run-reason')).toHaveTextContent('Read-only: your token cannot start comparisons (it lacks the runs:write scope).')
    const cancel = await screen.findByTestId('cancel-button')
    expect(cancel).toBeDisabled()
    expect(cancel).toHaveAccessibleDescription('Read-only: cancelling needs the runs:write scope.')
    await user.click(cancel)
    await user.click(screen.getByTestId('run-button'))
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    // Run history and the run itself are readable.
    expect(await screen.findByTestId('history-list')).toBeInTheDocument()
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([])
  })

  it('does not request run history or runs without runs:read', async () => {
    window.history.replaceState(null, '', `/?run=${RUN_ID}`)
    server.use(whoami(['data:read'], 'catalog-only'))
    const user = userEvent.setup()
    renderApp()
    await signIn(user)
    expect(screen.getByTestId('history-not-permitted')).toHaveTextContent('lacks the runs:read scope')
    expect(screen.getByTestId('results-not-permitted')).toBeInTheDocument()
    await screen.findByTestId('models-card')
    await waitFor(() => expect(requests.some((r) => r.path === '/model-selection/models')).toBe(true))
    expect(requests.filter((r) => r.path === '/model-selection/runs' || r.path.startsWith(`/model-selection/${RUN_ID}`))).toEqual([])
  })
})
