import type { ReactElement } from 'react'
import { ResponsiveContainer } from 'recharts'

/** Sizes a recharts chart to its ChartFrame box (the frame fixes the height). */
export function PlotContainer({ height, children }: { height: number; children: ReactElement }) {
  return (
    <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 520, height }}>
      {children}
    </ResponsiveContainer>
  )
}
