import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { problem } from '@/testing/handlers'
import { server } from '@/testing/server'
import { buildUrl, requestJson } from './api-client'
import { ApiError } from './api-error'

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
})
