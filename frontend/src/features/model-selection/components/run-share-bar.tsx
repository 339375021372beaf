import { Download, Link as LinkIcon } from 'lucide-react'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import type { Run } from '@/types/api'
import { foldMetricsCsv, rankingCsv } from '../lib/export-tables'

/** This page's address pointing at `selectionId` (?run=), keeping the other parameters. */
export function runLink(selectionId: string, location: Location = window.location): string {
  const url = new URL(location.href)
  url.searchParams.set('run', selectionId)
  url.hash = ''
  return url.toString()
}

function csvHref(text: string): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`
}

/**
 * Sharing a run: a link to it (copied to the clipboard, or shown to copy by hand where the
 * browser refuses), and, once settled, the ranking and the per-fold metrics as CSV files.
 */
export function RunShareBar({ run, settled, labelOf }: { run: Run; settled: boolean; labelOf: (t: string) => string }) {
  const [copied, setCopied] = useState<'' | 'copied' | 'manual'>('')
  const link = runLink(run.selectionId)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link)
      setCopied('copied')
    } catch {
      setCopied('manual')
    }
  }
  const id = run.selectionId
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="run-share-bar">
      <Button type="button" variant="outline" size="sm" onClick={() => void copy()}>
        <LinkIcon aria-hidden="true" />
        Copy link
      </Button>
      {settled && run.ranking.length > 0 && (
        <>
          <Button asChild variant="outline" size="sm">
            <a href={csvHref(rankingCsv(run.ranking, labelOf))} download={`ranking-${id}.csv`} data-testid="ranking-csv">
              <Download aria-hidden="true" />
              Ranking CSV
            </a>
          </Button>
          <Button asChild variant="outline" size="sm">
            <a href={csvHref(foldMetricsCsv(run.ranking, labelOf))} download={`fold-metrics-${id}.csv`} data-testid="fold-metrics-csv">
              <Download aria-hidden="true" />
              Fold metrics CSV
            </a>
          </Button>
        </>
      )}
      <span role="status" className="text-xs text-muted-foreground">
        {copied === 'copied' && 'Link copied.'}
        {copied === 'manual' && (
          <>
            Copy this link: <input readOnly aria-label="Link to this run" className="ml-1 w-72 rounded border bg-background px-1" value={link} onFocus={(e) => e.currentTarget.select()} />
          </>
        )}
      </span>
    </div>
  )
}
