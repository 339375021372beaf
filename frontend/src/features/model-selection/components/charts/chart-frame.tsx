import type { ReactNode } from 'react'
import { Deferred } from '@/components/deferred'

export const tooltipStyle = {
  background: 'var(--card)',
  border: '1px solid var(--border)',
  borderRadius: 8,
  fontSize: 12,
  color: 'var(--foreground)',
}

export const axisProps = {
  stroke: 'var(--muted-foreground)',
  tick: { fill: 'var(--muted-foreground)', fontSize: 11 },
}

/**
 * Series colours for up to 10 models besides the champion (which is CHAMPION_COLOR): eight hues
 * away from the champion's green, then the same hues dashed, so no two lines look alike.
 */
export const MODEL_PALETTE = [
  'var(--chart-1)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
  'var(--chart-6)',
  'var(--chart-7)',
  'var(--chart-8)',
]

export function modelStyle(i: number): { stroke: string; strokeDasharray?: string } {
  const stroke = MODEL_PALETTE[i % MODEL_PALETTE.length]
  return i < MODEL_PALETTE.length ? { stroke } : { stroke, strokeDasharray: '6 3' }
}

/**
 * A titled chart with a fixed height and a text alternative. The plot itself (recharts) is a
 * lazily loaded child: the frame keeps its size while the plot's code is fetched.
 */
export function ChartFrame({
  title,
  description,
  height,
  testId,
  actions,
  children,
}: {
  title: string
  description: string
  height: number
  testId?: string
  actions?: ReactNode
  children: ReactNode
}) {
  return (
    <figure className="min-w-0 rounded-xl border bg-card p-3 shadow-sm" data-testid={testId} aria-label={title}>
      <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <figcaption>
          <h3 className="text-sm font-semibold">{title}</h3>
          <p className="text-xs text-muted-foreground">{description}</p>
        </figcaption>
        {actions}
      </div>
      <div style={{ height }}>
        <Deferred label="Chart">{children}</Deferred>
      </div>
    </figure>
  )
}
