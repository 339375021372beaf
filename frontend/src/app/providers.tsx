import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import { isApiError } from '@/lib/api-error'

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // 4xx and 501 will not change by asking again; retry 5xx and network errors twice.
        retry: (count, error) =>
          !(isApiError(error) && ((error.status >= 400 && error.status < 500) || error.status === 501)) && count < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  })
}

export function AppProviders({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const [qc] = useState(() => client ?? createQueryClient())
  return <QueryClientProvider client={qc}>{children}</QueryClientProvider>
}
