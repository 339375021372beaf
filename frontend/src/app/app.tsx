import { Trophy } from 'lucide-react'
import type { QueryClient } from '@tanstack/react-query'
import { AuthScreen, SessionMenu, useAuth } from '@/features/auth'
import { accessOf } from './access'
import { AppProviders } from './providers'
import { SelectorPage } from './selector-page'
import { ThemeToggle } from './theme-toggle'

/** The header and, once the session is confirmed, the dashboard; the sign-in screen before. */
function Shell() {
  const auth = useAuth()
  return (
    <div className="min-h-screen">
      {/* The first focusable element: past the header straight to the page. */}
      <a
        href="#main"
        data-testid="skip-link"
        className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to main content
      </a>
      <header className="sticky top-0 z-20 border-b bg-background/85 backdrop-blur">
        <div className="mx-auto flex h-14 max-w-[1400px] items-center justify-between gap-2 px-4">
          <div className="flex items-center gap-2">
            <Trophy className="size-5 text-primary" aria-hidden />
            <h1 className="text-lg font-semibold">Champion</h1>
            <span className="hidden text-sm text-muted-foreground md:inline">forecast model selector</span>
          </div>
          <div className="flex items-center gap-2">
            {auth.status === 'signed-in' && <SessionMenu identity={auth.identity} onSignOut={auth.signOut} />}
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-[1400px] px-4 py-4 focus-visible:outline-none">
        {auth.status === 'signed-in' ? <SelectorPage access={accessOf(auth.identity)} /> : <AuthScreen auth={auth} />}
      </main>
    </div>
  )
}

export function App({ client }: { client?: QueryClient }) {
  return (
    <AppProviders client={client}>
      <Shell />
    </AppProviders>
  )
}
