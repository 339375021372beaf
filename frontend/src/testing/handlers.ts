import { http, HttpResponse } from 'msw'
import availabilityReady from './fixtures/availability-ready.json'
import models from './fixtures/models.json'
import products from './fixtures/products.json'
import sales from './fixtures/sales.json'
import stores from './fixtures/stores.json'
import { makeRun, MISSING_RUN_ID, runSummary, RUN_ID } from './run-fixtures'

/** An application/problem+json answer as the gateway builds it. */
export function problem(status: number, code: string, detail: string, errors: { field: string; message: string }[] = []) {
  const title: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    422: 'Unprocessable Entity',
    501: 'Not Implemented',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  }
  return HttpResponse.json(
    {
      type: `/errors/${code.toLowerCase().replace(/_/g, '-')}`,
      title: title[status] ?? 'Error',
      status,
      detail,
      instance: '/test',
      code,
      request_id: 'req-test-1',
      errors,
    },
    {
      status,
      headers: {
        'Content-Type': 'application/problem+json',
        'X-Request-Id': 'req-test-1',
        ...(status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {}),
      },
    },
  )
}

function filterBy<T extends Record<string, unknown>>(list: T[], search: string | null, fields: string[]): T[] {
  if (!search) return list
  const s = search.toLowerCase()
  return list.filter((x) => fields.some((f) => String(x[f] ?? '').toLowerCase().includes(s)))
}

/** The run history the default handlers answer: newest first. */
export const RUN_SUMMARIES = [runSummary('COMPLETED', RUN_ID), runSummary('PARTIAL', 'f'.repeat(32))]

/**
 * GET /model-selection/runs over `runs` (newest first) as the gateway answers it: store_id,
 * product_id, status (short or full name), created_from/created_to (inclusive UTC days) filter;
 * page_size (default 20, at most 100) and page_token (here the offset) page.
 */
export function runsHandler(runs: Record<string, unknown>[] = RUN_SUMMARIES) {
  return http.get('*/model-selection/runs', ({ request }) => {
    const q = new URL(request.url).searchParams
    const day = /^\d{4}-\d{2}-\d{2}$/
    for (const field of ['created_from', 'created_to']) {
      const v = q.get(field)
      if (v && !day.test(v)) return problem(422, 'INVALID_ARGUMENT', 'invalid request', [{ field, message: 'must be YYYY-MM-DD' }])
    }
    const status = q.get('status')?.toUpperCase().replace(/^RUN_STATE_/, '')
    const from = q.get('created_from')
    const to = q.get('created_to')
    const list = runs.filter((r) => {
      const created = String(r.created_at).slice(0, 10)
      return (
        (!q.get('store_id') || r.store_id === q.get('store_id')) &&
        (!q.get('product_id') || r.product_id === q.get('product_id')) &&
        (!status || r.status === `RUN_STATE_${status}`) &&
        (!from || created >= from) &&
        (!to || created <= to)
      )
    })
    const size = Math.min(Number(q.get('page_size')) || 20, 100)
    const offset = Number(q.get('page_token') || 0)
    const page = list.slice(offset, offset + size)
    const next = offset + size < list.length ? String(offset + size) : ''
    return HttpResponse.json({ runs: page, next_page_token: next })
  })
}

export const ALL_SCOPES = ['admin', 'data:read', 'data:write', 'runs:read', 'runs:write']

/** GET /whoami answering `identity` with `scopes` to any bearer token, 401 without one. */
export function whoami(scopes: string[] = ALL_SCOPES, identity = 'dev', extra: Record<string, unknown> = {}) {
  return http.get('*/whoami', ({ request }) => {
    if (!request.headers.get('authorization')?.startsWith('Bearer ')) return problem(401, 'UNAUTHENTICATED', 'a bearer token is required')
    return HttpResponse.json({ identity, scopes, ...extra })
  })
}

/** Handlers mirroring the REST API (docs/API.md) with the fixtures captured from a real gateway. */
export const handlers = [
  whoami(),
  http.get('*/stores', ({ request }) => {
    const search = new URL(request.url).searchParams.get('search')
    const list = filterBy(stores.stores, search, ['code', 'name', 'region', 'city'])
    return HttpResponse.json({ stores: list, next_page_token: '', total_size: String(list.length) })
  }),
  http.get('*/products', ({ request }) => {
    const search = new URL(request.url).searchParams.get('search')
    const list = filterBy(products.products, search, ['sku', 'name', 'category', 'brand'])
    return HttpResponse.json({ products: list, next_page_token: '', total_size: String(list.length) })
  }),
  http.get('*/sales', () => HttpResponse.json(sales)),
  http.get('*/model-selection/models', () => HttpResponse.json(models)),
  http.get('*/model-selection/availability', ({ request }) => {
    const q = new URL(request.url).searchParams
    const store = Number(q.get('store_id'))
    const product = Number(q.get('product_id'))
    const horizon = Number(q.get('forecast_horizon') ?? 14)
    if (!(store >= 1) || !(product >= 1) || !(horizon >= 1 && horizon <= 90)) {
      return problem(422, 'INVALID_ARGUMENT', 'invalid request', [{ field: 'store_id', message: 'must be >= 1' }])
    }
    if (store === 999) return problem(404, 'NOT_FOUND', 'store 999 not found')
    return HttpResponse.json({ ...availabilityReady, store_id: String(store), product_id: String(product), forecast_horizon: horizon })
  }),
  runsHandler(),
  http.post('*/model-selection/runs', () =>
    HttpResponse.json(makeRun('RUNNING'), { status: 202, headers: { Location: `/model-selection/${RUN_ID}`, 'Retry-After': '2' } }),
  ),
  // The run's event stream stays open with a heartbeat only: a run shown live keeps the state
  // its GET gave (tests drive snapshots with serveEventStreams).
  http.get('*/model-selection/:id/events', () => {
    const body = new ReadableStream<Uint8Array>({
      start: (c) => c.enqueue(new TextEncoder().encode(': heartbeat\n\n')),
    })
    return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } })
  }),
  http.get('*/model-selection/:id', ({ params }) =>
    params.id === MISSING_RUN_ID ? problem(404, 'NOT_FOUND', `run ${MISSING_RUN_ID} not found`) : HttpResponse.json(makeRun('COMPLETED', String(params.id))),
  ),
  http.delete('*/model-selection/:id', ({ params }) => HttpResponse.json(makeRun('CANCELLED', String(params.id)))),
]
