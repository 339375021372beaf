import { ArrowDown, ArrowUp, ArrowUpDown, Trophy } from 'lucide-react'
import { useMemo, useState } from 'react'
import { Badge } from '@/components/ui/badge'
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table'
import { formatNumber, formatPercent, formatSigned } from '@/lib/format'
import { cn } from '@/lib/utils'
import type { RankingEntry } from '@/types/api'

/** The P10–P90 band should hold 80 % of actuals: coverage sorts by the distance from it. */
const NOMINAL_COVERAGE = 80

type SortKey = 'rank' | 'model' | 'wape' | 'smape' | 'mae' | 'rmse' | 'bias' | 'mase' | 'coverage' | 'msis'

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'rank', label: 'Rank', numeric: true },
  { key: 'model', label: 'Model', numeric: false },
  { key: 'wape', label: 'WAPE', numeric: true },
  { key: 'smape', label: 'sMAPE', numeric: true },
  { key: 'mae', label: 'MAE', numeric: true },
  { key: 'rmse', label: 'RMSE', numeric: true },
  { key: 'bias', label: 'Bias', numeric: true },
  { key: 'mase', label: 'MASE', numeric: true },
  { key: 'coverage', label: 'P10–P90 coverage', numeric: true },
  { key: 'msis', label: 'MSIS', numeric: true },
]

function sortValue(e: RankingEntry, key: SortKey, labelOf: (t: string) => string): number | string | undefined {
  if (key === 'rank') return e.rank
  if (key === 'model') return labelOf(e.modelType).toLowerCase()
  const v = e.metrics?.[key]
  if (v === undefined || !Number.isFinite(v)) return undefined
  if (key === 'bias') return Math.abs(v)
  if (key === 'coverage') return Math.abs(v - NOMINAL_COVERAGE)
  return v
}

/**
 * The ranking: sortable by any column (bias by |bias|), winner highlighted, excluded entries
 * kept with their reason. Rows open the detail drawer (click, Enter or Space).
 */
export function RankingTable({
  entries,
  winner,
  labelOf,
  onOpen,
}: {
  entries: RankingEntry[]
  winner?: string
  labelOf: (t: string) => string
  onOpen: (index: number) => void
}) {
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'rank', dir: 'asc' })
  const rows = useMemo(() => {
    const indexed = entries.map((e, i) => ({ e, i }))
    return indexed.sort((a, b) => {
      const va = sortValue(a.e, sort.key, labelOf)
      const vb = sortValue(b.e, sort.key, labelOf)
      // Missing values (excluded rows, n/a metrics) always go last.
      if (va === undefined && vb === undefined) return a.i - b.i
      if (va === undefined) return 1
      if (vb === undefined) return -1
      const c = typeof va === 'string' ? va.localeCompare(String(vb)) : va - (vb as number)
      return (sort.dir === 'asc' ? c : -c) || a.i - b.i
    })
  }, [entries, sort, labelOf])

  const toggle = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }))

  return (
    <Table aria-label="Model ranking" data-testid="ranking-table">
      <THead>
        <TR>
          {COLUMNS.map((c) => {
            const active = sort.key === c.key
            const Icon = !active ? ArrowUpDown : sort.dir === 'asc' ? ArrowUp : ArrowDown
            return (
              <TH
                key={c.key}
                aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                className={cn(c.numeric && 'text-right')}
              >
                <button
                  type="button"
                  onClick={() => toggle(c.key)}
                  className="inline-flex items-center gap-1 rounded px-1 hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                >
                  {c.label}
                  <Icon className="size-3" aria-hidden />
                </button>
              </TH>
            )
          })}
        </TR>
      </THead>
      <TBody>
        {rows.map(({ e, i }) => {
          const isWinner = e.included && e.rank === 1 && e.modelType === winner
          const m = e.metrics
          return (
            <TR
              key={i}
              tabIndex={0}
              aria-haspopup="dialog"
              title="Open details"
              onClick={() => onOpen(i)}
              onKeyDown={(ev) => {
                if (ev.key === 'Enter' || ev.key === ' ') {
                  ev.preventDefault()
                  onOpen(i)
                }
              }}
              data-testid="ranking-row"
              data-winner={isWinner || undefined}
              className={cn(
                'cursor-pointer hover:bg-muted/60 focus-visible:bg-muted focus-visible:outline-none',
                isWinner && 'bg-champion/10 font-medium',
                !e.included && 'text-muted-foreground',
              )}
            >
              <TD className="text-right tabular-nums">{e.rank ?? '—'}</TD>
              <TD>
                <div className="flex flex-wrap items-center gap-1.5">
                  {isWinner && <Trophy className="size-3.5 text-champion" aria-label="champion" />}
                  {labelOf(e.modelType)}
                  {!e.included && <Badge variant="secondary">excluded</Badge>}
                </div>
                {!e.included && (e.exclusionReason || e.error) && (
                  <div className="text-xs text-destructive">{e.exclusionReason || e.error}</div>
                )}
              </TD>
              <TD className="text-right tabular-nums">{m ? formatPercent(m.wape) : '—'}</TD>
              <TD className="text-right tabular-nums">{m ? formatPercent(m.smape) : '—'}</TD>
              <TD className="text-right tabular-nums">{m ? formatNumber(m.mae) : '—'}</TD>
              <TD className="text-right tabular-nums">{m ? formatNumber(m.rmse) : '—'}</TD>
              <TD className={cn('text-right tabular-nums', m && m.bias < 0 && 'text-destructive')}>{m ? formatSigned(m.bias) : '—'}</TD>
              <TD className="text-right tabular-nums">{m ? formatNumber(m.mase, 3) : '—'}</TD>
              <TD className="text-right tabular-nums">{m ? formatPercent(m.coverage, 0) : '—'}</TD>
              <TD className="text-right tabular-nums">{m ? formatNumber(m.msis, 2) : '—'}</TD>
            </TR>
          )
        })}
      </TBody>
    </Table>
  )
}
