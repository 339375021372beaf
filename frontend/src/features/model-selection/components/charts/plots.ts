// Everything that imports recharts, loaded on demand through lazy-plots.ts.
export { ActualVsPredictedPlot } from './actual-vs-predicted-plot'
export { FoldStabilityPlot } from './fold-stability-plot'
export { ForecastPlot } from './forecast-plot'
export { BiasByModelPlot, WapeByModelPlot } from './metric-bars-plot'
