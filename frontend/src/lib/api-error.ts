/** One field violation of a 422 problem (`errors: [{field, message}]`). */
export interface FieldError {
  field: string
  message: string
}

/**
 * An HTTP error answered by the gateway, parsed from application/problem+json (RFC 9457).
 * Non-problem bodies (a proxy's HTML, a network failure) still become an ApiError so callers
 * handle one type.
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string
  readonly type: string
  readonly instance: string
  readonly requestId: string
  readonly fieldErrors: FieldError[]

  constructor(init: {
    status: number
    code?: string
    title?: string
    detail?: string
    type?: string
    instance?: string
    requestId?: string
    fieldErrors?: FieldError[]
  }) {
    const title = init.title || `HTTP ${init.status}`
    super(init.detail ? `${title}: ${init.detail}` : title)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code ?? ''
    this.title = title
    this.detail = init.detail ?? ''
    this.type = init.type ?? ''
    this.instance = init.instance ?? ''
    this.requestId = init.requestId ?? ''
    this.fieldErrors = init.fieldErrors ?? []
  }

  /** The endpoint exists in the contract but the backend does not serve it yet. */
  get isNotImplemented(): boolean {
    return this.status === 501
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError
}

/** A short human sentence for any thrown value. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.detail || e.title
  if (e instanceof Error) return e.message
  return String(e)
}
