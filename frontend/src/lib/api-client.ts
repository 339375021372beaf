import type { DescMessage, MessageShape } from '@bufbuild/protobuf'
import { ApiError, type FieldError } from './api-error'
import { parseMessage } from './proto-json'
import { currentToken, endSession } from './session'

export type Query = Record<string, string | number | bigint | boolean | undefined | null>

/** `/path?k=v` with undefined/null/empty values left out. */
export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue
    params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

/** The ApiError for a non-2xx answer (problem+json, or any other body). */
export async function problemFrom(response: Response): Promise<ApiError> {
  const requestId = response.headers.get('X-Request-Id') ?? ''
  const text = await response.text().catch(() => '')
  let body: Record<string, unknown> | null = null
  try {
    const parsed: unknown = text ? JSON.parse(text) : null
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>
  } catch {
    body = null
  }
  if (!body) {
    return new ApiError({
      status: response.status,
      title: response.statusText || `HTTP ${response.status}`,
      detail: text.slice(0, 200),
      requestId,
    })
  }
  const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined)
  const errors = Array.isArray(body.errors)
    ? (body.errors as unknown[]).flatMap((e): FieldError[] =>
        e && typeof e === 'object'
          ? [
              {
                field: String((e as Record<string, unknown>).field ?? ''),
                message: String((e as Record<string, unknown>).message ?? ''),
              },
            ]
          : [],
      )
    : []
  return new ApiError({
    status: typeof body.status === 'number' ? body.status : response.status,
    code: str('code'),
    title: str('title'),
    detail: str('detail'),
    type: str('type'),
    instance: str('instance'),
    requestId: str('request_id') ?? requestId,
    fieldErrors: errors,
  })
}

export interface FetchOptions {
  method?: 'GET' | 'POST' | 'DELETE'
  headers?: Record<string, string>
  body?: string
  signal?: AbortSignal
  /**
   * Sends this token instead of the session's, and a 401 then leaves the session alone
   * (signing in checks a token that is not the session's yet).
   */
  token?: string
}

/**
 * The one place a request leaves the dashboard: adds `Authorization: Bearer <token>` (the
 * session's unless `token` is given), turns a network failure into an ApiError (status 0,
 * code NETWORK), and ends the session when the gateway answers 401 to its token (expired,
 * revoked, rotated). Answers are returned as they are, whatever their status.
 */
export async function apiFetch(path: string, options: FetchOptions = {}): Promise<Response> {
  const token = options.token ?? currentToken()
  const headers: Record<string, string> = { ...options.headers }
  if (token) headers.Authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, body: options.body, signal: options.signal })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError({
      status: 0,
      code: 'NETWORK',
      title: 'Network error',
      detail: 'The server could not be reached. Check that the gateway is running.',
    })
  }
  if (response.status === 401 && options.token === undefined && token) endSession('rejected', token)
  return response
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE'
  query?: Query
  body?: unknown
  signal?: AbortSignal
  /** see FetchOptions.token */
  token?: string
}

/** Fetches JSON; throws ApiError for any non-2xx answer or network failure. */
export async function requestJson(path: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await apiFetch(buildUrl(path, options.query), {
    method: options.method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    token: options.token,
  })
  if (!response.ok) throw await problemFrom(response)
  if (response.status === 204) return null
  return response.json()
}

/** Fetches and parses into a generated protobuf message type. */
export async function requestMessage<Desc extends DescMessage>(
  schema: Desc,
  path: string,
  options: RequestOptions = {},
): Promise<MessageShape<Desc>> {
  return parseMessage(schema, await requestJson(path, options))
}
