export { RunHistoryList } from './components/run-history-list'
export { useRuns } from './api/list-runs'
export { runHistoryKeys } from './api/keys'
