import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { problem } from '@/testing/handlers'
import { server } from '@/testing/server'
import { buildUrl, requestJson } from './api-client'
import { ApiError } from './api-error'
import { currentToken, getSession, startSession } from './session'

describe('requestJson', () => {
  it('throws a typed ApiError from problem+json with field errors', async () => {
    server.use(
      http.get('*/x', () => problem(422, 'INVALID_ARGUMENT', 'invalid request', [{ field: 'forecast_horizon', message: 'must be 1..90' }])),
    )
    const err = await requestJson('/x').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect(e.status).toBe(422)
    expect(e.code).toBe('INVALID_ARGUMENT')
    expect(e.detail).toBe('invalid request')
    expect(e.requestId).toBe('req-test-1')
    expect(e.fieldErrors).toEqual([{ field: 'forecast_horizon', message: 'must be 1..90' }])
  })

  it('marks 501 as not implemented', async () => {
    server.use(http.get('*/x', () => problem(501, 'UNIMPLEMENTED', 'Not Implemented')))
    const e = (await requestJson('/x').catch((x: unknown) => x)) as ApiError
    expect(e.isNotImplemented).toBe(true)
  })

  it('turns a non-JSON error body into an ApiError', async () => {
    server.use(http.get('*/x', () => new HttpResponse('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })))
    const e = (await requestJson('/x').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(502)
    expect(e.detail).toContain('bad gateway')
  })

  it('sends JSON bodies and leaves out empty query values', async () => {
    let seen: unknown
    server.use(
      http.post('*/y', async ({ request }) => {
        seen = { body: await request.json(), type: request.headers.get('content-type'), url: request.url }
        return HttpResponse.json({ ok: true })
      }),
    )
    await requestJson('/y', { method: 'POST', body: { a: 1 }, query: { q: 'x', empty: '', none: undefined } })
    expect(seen).toMatchObject({ body: { a: 1 }, type: 'application/json' })
    expect(buildUrl('/y', { q: 'a b', n: 2, e: '' })).toBe('/y?q=a+b&n=2')
  })

  it('sends the session token as a bearer token, and none when signed out', async () => {
    const seen: (string | null)[] = []
    server.use(
      http.get('*/x', ({ request }) => {
        seen.push(request.headers.get('authorization'))
        return HttpResponse.json({})
      }),
    )
    await requestJson('/x')
    startSession('secret-1')
    await requestJson('/x')
    await requestJson('/x', { token: 'other' })
    expect(seen).toEqual([null, 'Bearer secret-1', 'Bearer other'])
  })

  it('ends the session on a 401 to the session token', async () => {
    startSession('expired')
    server.use(http.get('*/x', () => problem(401, 'UNAUTHENTICATED', 'token expired')))
    const e = (await requestJson('/x').catch((x: unknown) => x)) as ApiError
    expect(e.status).toBe(401)
    expect(getSession()).toEqual({ token: null, ended: 'rejected' })
    expect(sessionStorage.getItem('champion-token')).toBeNull()
  })

  it('keeps the session on a 401 to an explicitly given token, and on a 403', async () => {
    startSession('good')
    server.use(http.get('*/x', () => problem(401, 'UNAUTHENTICATED', 'unknown token')))
    await requestJson('/x', { token: 'typo' }).catch(() => {})
    expect(currentToken()).toBe('good')
    server.use(http.get('*/x', () => problem(403, 'PERMISSION_DENIED', 'missing scope runs:write')))
    await requestJson('/x').catch(() => {})
    expect(currentToken()).toBe('good')
  })

  it('does not end a newer session when an older request answers 401 late', async () => {
    startSession('old')
    let release: (() => void) | undefined
    server.use(
      http.get('*/x', async () => {
        await new Promise<void>((r) => (release = r))
        return problem(401, 'UNAUTHENTICATED', 'token expired')
      }),
    )
    const pending = requestJson('/x').catch(() => {})
    for (let i = 0; i < 200 && !release; i++) await new Promise((r) => setTimeout(r, 5))
    startSession('new')
    release!()
    await pending
    expect(currentToken()).toBe('new')
  })

  it('turns a network failure into a NETWORK ApiError with status 0', async () => {
    server.use(http.get('*/x', () => HttpResponse.error()))
    const e = (await requestJson('/x').catch((x: unknown) => x)) as ApiError
    expect(e).toMatchObject({ status: 0, code: 'NETWORK' })
  })
})
