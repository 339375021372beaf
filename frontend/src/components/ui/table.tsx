import { useLayoutEffect, useRef, useState, type ComponentProps } from 'react'
import { cn } from '@/lib/utils'

/** Whether the element is wider inside than it shows (it scrolls sideways); re-measured on resize. */
function useOverflowsX<T extends HTMLElement>() {
  const ref = useRef<T>(null)
  const [overflows, setOverflows] = useState(false)
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => setOverflows(el.scrollWidth > el.clientWidth + 1)
    measure()
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  return [ref, overflows] as const
}

/**
 * A table in a box that scrolls sideways when the table is wider than the screen (a phone).
 * Then the box is a focusable, labelled region (keyboard users can scroll it), its right edge
 * fades, and a hint under it says that there are more columns.
 */
export function Table({ className, ...props }: ComponentProps<'table'>) {
  const [ref, overflows] = useOverflowsX<HTMLDivElement>()
  const label = props['aria-label']
  return (
    <div className="relative w-full">
      <div
        ref={ref}
        className="w-full overflow-x-auto focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        {...(overflows ? { role: 'region', tabIndex: 0, 'aria-label': label ? `${label} (scrolls sideways)` : 'Table (scrolls sideways)' } : {})}
        data-overflows={overflows || undefined}
      >
        <table className={cn('w-full caption-bottom text-sm', className)} {...props} />
      </div>
      {overflows && (
        <>
          <div className="pointer-events-none absolute inset-y-0 right-0 w-6 bg-linear-to-l from-card to-transparent" aria-hidden />
          <p className="mt-1 text-xs text-muted-foreground" data-testid="scroll-hint">
            Scroll sideways for more columns →
          </p>
        </>
      )}
    </div>
  )
}
export function THead(props: ComponentProps<'thead'>) {
  return <thead {...props} className={cn('[&_tr]:border-b', props.className)} />
}
export function TBody(props: ComponentProps<'tbody'>) {
  return <tbody {...props} className={cn('[&_tr:last-child]:border-0', props.className)} />
}
export function TR({ className, ...props }: ComponentProps<'tr'>) {
  return <tr className={cn('border-b transition-colors', className)} {...props} />
}
export function TH({ className, ...props }: ComponentProps<'th'>) {
  return (
    <th
      className={cn('h-9 px-2 text-left align-middle text-xs font-medium text-muted-foreground', className)}
      {...props}
    />
  )
}
export function TD({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cn('px-2 py-1.5 align-middle', className)} {...props} />
}
