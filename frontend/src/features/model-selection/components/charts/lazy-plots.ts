import { lazy } from 'react'

// recharts is most of the dashboard's JavaScript, so the plots live in their own chunk that is
// fetched the first time a chart renders (or earlier, via preloadPlots).
const load = () => import('./plots')

/** Starts fetching the plots' chunk (idempotent). */
export function preloadPlots(): void {
  // A failure here is not reported: it shows (in the chart's place) when a chart renders.
  load().catch(() => {})
}

export const ActualVsPredictedPlot = lazy(() => load().then((m) => ({ default: m.ActualVsPredictedPlot })))
export const FoldStabilityPlot = lazy(() => load().then((m) => ({ default: m.FoldStabilityPlot })))
export const WapeByModelPlot = lazy(() => load().then((m) => ({ default: m.WapeByModelPlot })))
export const BiasByModelPlot = lazy(() => load().then((m) => ({ default: m.BiasByModelPlot })))
export const ForecastPlot = lazy(() => load().then((m) => ({ default: m.ForecastPlot })))
