import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { currentToken } from '@/lib/session'
import { problem } from '@/testing/handlers'
import { renderWithClient } from '@/testing/render'
import { server } from '@/testing/server'
import { SignInScreen } from './sign-in-screen'

function tokenField() {
  return screen.getByLabelText('API token')
}

describe('SignInScreen', () => {
  it('offers a labelled, focused password field and a Sign in button', () => {
    renderWithClient(<SignInScreen ended={null} />)
    expect(tokenField()).toHaveAttribute('type', 'password')
    expect(tokenField()).toHaveFocus()
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('checks the token with /whoami and keeps it in sessionStorage on success', async () => {
    let auth: string | null = null
    server.use(
      http.get('*/whoami', ({ request }) => {
        auth = request.headers.get('authorization')
        return HttpResponse.json({ identity: 'dev', scopes: ['runs:read'] })
      }),
    )
    const user = userEvent.setup()
    renderWithClient(<SignInScreen ended={null} />)
    await user.type(tokenField(), '  s3cret-token {Enter}')
    await waitFor(() => expect(currentToken()).toBe('s3cret-token'))
    expect(auth).toBe('Bearer s3cret-token')
    expect(sessionStorage.getItem('champion-token')).toBe('s3cret-token')
    expect(localStorage.getItem('champion-token')).toBeNull()
    expect(window.location.href).not.toContain('s3cret')
  })

  it('announces a rejected token (401), keeps nothing and returns focus to the field', async () => {
    server.use(http.get('*/whoami', () => problem(401, 'UNAUTHENTICATED', 'unknown token')))
    const user = userEvent.setup()
    renderWithClient(<SignInScreen ended={null} />)
    await user.type(tokenField(), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('This token was not accepted')
    expect(tokenField()).toHaveAttribute('aria-invalid', 'true')
    expect(tokenField()).toHaveAccessibleDescription(/not accepted/)
    expect(tokenField()).toHaveFocus()
    expect(currentToken()).toBeNull()
    expect(sessionStorage.length).toBe(0)
  })

  it('announces a gateway that cannot be reached', async () => {
    server.use(http.get('*/whoami', () => HttpResponse.error()))
    const user = userEvent.setup()
    renderWithClient(<SignInScreen ended={null} />)
    await user.type(tokenField(), 'tok{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('The gateway could not be reached')
    expect(currentToken()).toBeNull()
  })

  it('shows other failures with their status and detail', async () => {
    server.use(http.get('*/whoami', () => problem(503, 'UNAVAILABLE', 'the service is unavailable; try again later')))
    const user = userEvent.setup()
    renderWithClient(<SignInScreen ended={null} />)
    await user.type(tokenField(), 'tok{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-in failed (503): the service is unavailable')
  })

  it('asks for a token instead of sending an empty one', async () => {
    let calls = 0
    server.use(
      http.get('*/whoami', () => {
        calls++
        return HttpResponse.json({ identity: 'dev', scopes: [] })
      }),
    )
    const user = userEvent.setup()
    renderWithClient(<SignInScreen ended={null} />)
    await user.type(tokenField(), '   ')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your API token.')
    expect(calls).toBe(0)
  })

  it('says why the previous session ended until the next attempt', async () => {
    const user = userEvent.setup()
    const { unmount } = renderWithClient(<SignInScreen ended="rejected" />)
    expect(screen.getByRole('alert')).toHaveTextContent('Your session has ended: the gateway no longer accepts your token')
    await user.type(tokenField(), '   {Enter}')
    expect(screen.queryByTestId('session-ended')).not.toBeInTheDocument()
    unmount()
    renderWithClient(<SignInScreen ended="signed-out" />)
    expect(screen.getByRole('status')).toHaveTextContent('You have signed out.')
  })
})
