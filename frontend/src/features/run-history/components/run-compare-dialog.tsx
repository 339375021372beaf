import { useRef } from 'react'
import { Dialog, DialogDescription, DialogTitle, SheetContent } from '@/components/ui/dialog'
import { RunCompare } from './run-compare'

/**
 * The side-by-side view as a dialog: focus moves into it when it opens and back to what had it
 * (the Compare button) when it closes; Escape closes it.
 */
export function RunCompareDialog({
  ids,
  onClose,
  labelOf,
}: {
  ids: readonly [string, string] | undefined
  onClose: () => void
  labelOf: (modelType: string) => string
}) {
  // Opened without a Radix trigger, so the dialog itself remembers what had focus.
  const opener = useRef<HTMLElement | null>(null)
  return (
    <Dialog open={!!ids} onOpenChange={(open) => !open && onClose()}>
      {ids && (
        <SheetContent
          className="max-w-4xl"
          data-testid="compare-dialog"
          onOpenAutoFocus={() => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
          }}
          onCloseAutoFocus={(e) => {
            if (opener.current?.isConnected) {
              e.preventDefault()
              opener.current.focus()
            }
          }}
        >
          <DialogTitle>Compare runs</DialogTitle>
          <DialogDescription className="mb-3">Run A and run B side by side; their rankings are aligned by model.</DialogDescription>
          <RunCompare ids={ids} labelOf={labelOf} />
        </SheetContent>
      )}
    </Dialog>
  )
}

/** `?compare=a,b` as two run ids, or undefined unless it names exactly two. */
export function parseCompare(value: string | null | undefined): [string, string] | undefined {
  const ids = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  return ids.length === 2 ? [ids[0], ids[1]] : undefined
}
