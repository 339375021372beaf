/** The one query-key factory of the auth feature. */
export const authKeys = {
  all: ['auth'] as const,
  whoami: (token: string) => [...authKeys.all, 'whoami', token] as const,
}
