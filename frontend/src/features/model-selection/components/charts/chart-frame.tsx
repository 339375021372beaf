import { useRef, useState, type ReactNode, type RefObject } from 'react'
import { Deferred } from '@/components/deferred'
import { Button } from '@/components/ui/button'
import { exportChart } from '@/lib/chart-export'

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

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'chart'
}

/** SVG and PNG downloads of the chart drawn in `plot`. */
function ChartExport({ title, plot }: { title: string; plot: RefObject<HTMLDivElement | null> }) {
  const [problem, setProblem] = useState('')
  const save = async (format: 'svg' | 'png') => {
    setProblem('')
    try {
      if (!plot.current || !(await exportChart(plot.current, format, slug(title)))) setProblem('The chart has not been drawn yet.')
    } catch (e) {
      setProblem(e instanceof Error ? e.message : 'The chart could not be saved.')
    }
  }
  return (
    <div className="flex items-center gap-1">
      {(['svg', 'png'] as const).map((format) => (
        <Button key={format} type="button" variant="ghost" size="sm" className="h-7 px-2 text-xs" aria-label={`Download ${title} as ${format.toUpperCase()}`} onClick={() => void save(format)}>
          {format.toUpperCase()}
        </Button>
      ))}
      {problem && (
        <span role="status" className="text-xs text-destructive">
          {problem}
        </span>
      )}
    </div>
  )
}

/**
 * A titled chart with a fixed height and a text alternative, downloadable as SVG or PNG. The
 * plot itself (recharts) is a lazily loaded child: the frame keeps its size while the plot's
 * code is fetched.
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
  const plot = useRef<HTMLDivElement>(null)
  return (
    <figure className="min-w-0 rounded-xl border bg-card p-3 shadow-sm" data-testid={testId} aria-label={title}>
      <div className="mb-2 flex flex-wrap items-start justify-between gap-2">
        <figcaption>
          <h3 className="text-sm font-semibold">{title}</h3>
          <p className="text-xs text-muted-foreground">{description}</p>
        </figcaption>
        <div className="flex flex-wrap items-center gap-2">
          {actions}
          <ChartExport title={title} plot={plot} />
        </div>
      </div>
      <div ref={plot} className="bg-card" style={{ height }}>
        <Deferred label="Chart">{children}</Deferred>
      </div>
    </figure>
  )
}
