// The auth feature's public surface: the session gate, the header's session area and scopes.
export { AuthScreen } from './components/auth-screen'
export { SessionMenu } from './components/session-menu'
export { useAuth, type AuthState } from './hooks/use-auth'
export { hasScope, type Identity, type Scope } from './types/identity'
