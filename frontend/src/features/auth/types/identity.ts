/** What a credential may do (the gateway's scopes; admin does not imply the others). */
export type Scope = 'data:read' | 'data:write' | 'runs:read' | 'runs:write' | 'admin'

/** Who the token is, from GET /whoami. */
export interface Identity {
  name: string
  scopes: string[]
  /** only for JWTs */
  expiresAt?: Date
}

export function hasScope(identity: Identity, scope: Scope): boolean {
  return identity.scopes.includes(scope)
}

/** The /whoami body (`{identity, scopes, expires_at?}`); throws on any other shape. */
export function parseIdentity(json: unknown): Identity {
  const body = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>
  const { identity, scopes, expires_at: expires } = body
  if (typeof identity !== 'string' || !Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string')) {
    throw new Error('The gateway answered /whoami with an unexpected body.')
  }
  const expiresAt = typeof expires === 'string' ? new Date(expires) : undefined
  return {
    name: identity,
    scopes: scopes as string[],
    expiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : undefined,
  }
}
