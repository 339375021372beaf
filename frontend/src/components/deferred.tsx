import { Component, Suspense, type ReactNode } from 'react'
import { Skeleton } from '@/components/ui/skeleton'

class LoadBoundary extends Component<{ failed: ReactNode; children: ReactNode }, { error: boolean }> {
  state = { error: false }

  static getDerivedStateFromError() {
    return { error: true }
  }

  render() {
    return this.state.error ? this.props.failed : this.props.children
  }
}

/**
 * Wraps lazily loaded (`React.lazy`) children: a placeholder filling the parent's box while
 * their code loads, and a short message instead of a blank page if it cannot be loaded
 * (e.g. a chunk removed by a newer deployment) or fails to render.
 */
export function Deferred({ label, children }: { label: string; children: ReactNode }) {
  return (
    <LoadBoundary
      failed={
        <p role="alert" className="flex size-full items-center justify-center text-xs text-muted-foreground">
          {label} could not be shown; reload the page to retry.
        </p>
      }
    >
      <Suspense
        fallback={
          <div className="size-full" aria-busy="true">
            <Skeleton className="size-full" />
            <span className="sr-only">Loading {label.toLowerCase()}…</span>
          </div>
        }
      >
        {children}
      </Suspense>
    </LoadBoundary>
  )
}
