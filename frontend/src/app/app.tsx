import { Trophy } from 'lucide-react'
import type { QueryClient } from '@tanstack/react-query'
import { AppProviders } from './providers'
import { SelectorPage } from './selector-page'
import { ThemeToggle } from './theme-toggle'

export function App({ client }: { client?: QueryClient }) {
  return (
    <AppProviders client={client}>
      <div className="min-h-screen">
        <header className="sticky top-0 z-20 border-b bg-background/85 backdrop-blur">
          <div className="mx-auto flex h-14 max-w-[1400px] items-center justify-between px-4">
            <div className="flex items-center gap-2">
              <Trophy className="size-5 text-primary" aria-hidden />
              <h1 className="text-lg font-semibold">Champion</h1>
              <span className="hidden text-sm text-muted-foreground sm:inline">forecast model selector</span>
            </div>
            <ThemeToggle />
          </div>
        </header>
        <main className="mx-auto max-w-[1400px] px-4 py-4">
          <SelectorPage />
        </main>
      </div>
    </AppProviders>
  )
}
