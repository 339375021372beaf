/**
 * The signed-in session: the API token the client sends, and why the last session ended.
 *
 * The token is kept in sessionStorage: it survives a reload of the tab but is gone when the
 * tab closes, and it is not shared with other tabs, windows or devices. It is never written
 * to localStorage (which outlives the browser session), a cookie (which the browser would
 * attach to requests on its own) or a URL (which ends up in history, logs and Referer).
 * Without sessionStorage (blocked storage) it lives in memory until the page is left.
 */
const STORAGE_KEY = 'champion-token'

/** `signed-out`: the user signed out; `rejected`: the gateway stopped accepting the token. */
export type SessionEnd = 'signed-out' | 'rejected'

export interface SessionState {
  token: string | null
  /** why the previous session ended (null before any sign-in and once signed in) */
  ended: SessionEnd | null
}

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY) || null
  } catch {
    return null
  }
}

let state: SessionState = { token: storedToken(), ended: null }
const listeners = new Set<() => void>()

function update(next: SessionState) {
  state = next
  for (const listener of listeners) listener()
}

/** The current state (a stable object until the next change, for useSyncExternalStore). */
export function getSession(): SessionState {
  return state
}

/** The token to send, or null when signed out. */
export function currentToken(): string | null {
  return state.token
}

/** Signs in with a token the gateway has accepted. */
export function startSession(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token)
  } catch {
    // storage blocked: the session lasts as long as this page
  }
  update({ token, ended: null })
}

/**
 * Forgets the token. With `token`, only if that is still the current one: a late 401 for a
 * previous session's request does not end the session signed in since.
 */
export function endSession(reason: SessionEnd, token?: string): void {
  if (state.token === null || (token !== undefined && token !== state.token)) return
  try {
    sessionStorage.removeItem(STORAGE_KEY)
  } catch {
    // nothing stored
  }
  update({ token: null, ended: reason })
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Re-reads sessionStorage as a fresh page load would (tests). */
export function reloadSession(): void {
  update({ token: storedToken(), ended: null })
}
