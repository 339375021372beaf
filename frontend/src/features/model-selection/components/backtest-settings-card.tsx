import { ChevronRight } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Collapsible, CollapsibleContent, CollapsibleTrigger } from '@/components/ui/collapsible'
import { Input } from '@/components/ui/input'
import { FieldMessage, Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Switch } from '@/components/ui/switch'
import { RankingMetric, SplitStrategy, type PairAvailability } from '@/types/api'
import {
  RANKING_METRICS,
  rankingDirection,
  tieBreakRule,
  type RunFormState,
  type SplitErrors,
  type SplitValues,
} from '../types/run-form'

function NumberField({
  id,
  label,
  value,
  error,
  hint,
  disabled,
  onChange,
}: {
  id: string
  label: string
  value: string
  error?: string
  hint: string
  disabled: boolean
  onChange: (v: string) => void
}) {
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        inputMode="numeric"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={!disabled && !!error}
        aria-describedby={`${id}-hint ${id}-msg`}
      />
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        {hint}
      </p>
      {!disabled && <FieldMessage id={`${id}-msg`}>{error}</FieldMessage>}
    </div>
  )
}

/** Card 4: ranking metric, split and the Advanced section. */
export function BacktestSettingsCard({
  form,
  horizon,
  availability,
  split,
  splitErrors,
  featureAwareSelected,
  onChange,
}: {
  form: RunFormState
  horizon: number | undefined
  availability: PairAvailability | undefined
  /** the split that will be sent (recommended or advanced) */
  split: SplitValues | undefined
  splitErrors: SplitErrors
  featureAwareSelected: boolean
  onChange: (next: RunFormState) => void
}) {
  const rec = form.useRecommendedSplit
  const shown = rec && split
    ? { strategy: split.strategy, nSplits: String(split.nSplits), minTrainSize: String(split.minTrainSize), gap: String(split.gap) }
    : form.split
  const setSplit = (patch: Partial<RunFormState['split']>) => onChange({ ...form, split: { ...form.split, ...patch } })
  const minTrain = split?.minTrainSize
  return (
    <Card aria-labelledby="settings-title" data-testid="settings-card">
      <CardHeader>
        <CardTitle id="settings-title">
          <span className="text-muted-foreground">4.</span> Backtest settings
        </CardTitle>
        <CardDescription>How candidates are compared.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="space-y-1">
            <Label htmlFor="ranking-metric">Ranking metric</Label>
            <NativeSelect
              id="ranking-metric"
              value={form.rankingMetric}
              onChange={(e) => onChange({ ...form, rankingMetric: Number(e.target.value) as RankingMetric })}
              aria-describedby="ranking-metric-hint"
            >
              {RANKING_METRICS.map((m) => (
                <option key={m.key} value={m.value}>
                  {m.label} — {m.hint}
                </option>
              ))}
            </NativeSelect>
            <p id="ranking-metric-hint" className="text-xs text-muted-foreground" data-testid="tie-break">
              {rankingDirection(form.rankingMetric)} {tieBreakRule(form.rankingMetric)}
            </p>
          </div>
          <div className="space-y-1">
            <Label htmlFor="backtest-horizon">Backtest horizon (days)</Label>
            <Input id="backtest-horizon" value={horizon ?? ''} readOnly disabled aria-describedby="backtest-horizon-hint" />
            <p id="backtest-horizon-hint" className="text-xs text-muted-foreground">
              Locked to the forecast horizon: each fold tests the next {horizon ?? '…'} days.
            </p>
          </div>
        </div>
        <div className="flex items-center gap-2">
          <Switch
            id="use-recommended"
            checked={rec}
            onCheckedChange={(c) => onChange({ ...form, useRecommendedSplit: c })}
            aria-describedby="use-recommended-hint"
          />
          <Label htmlFor="use-recommended">Use recommended split</Label>
          <span id="use-recommended-hint" className="text-xs text-muted-foreground">
            {availability?.recommendedSplitConfig
              ? 'from the availability check'
              : 'defaults until availability is known'}
          </span>
        </div>
        <Collapsible defaultOpen={false}>
          <CollapsibleTrigger asChild>
            <Button type="button" variant="ghost" size="sm" className="group -ml-2">
              <ChevronRight className="transition-transform group-data-[state=open]:rotate-90" /> Advanced
            </Button>
          </CollapsibleTrigger>
          <CollapsibleContent className="space-y-3 pt-2">
            {rec && <p className="text-xs text-muted-foreground">Turn off “Use recommended split” to edit these.</p>}
            <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
              <div className="space-y-1">
                <Label htmlFor="split-strategy">Strategy</Label>
                <NativeSelect
                  id="split-strategy"
                  value={shown.strategy}
                  disabled={rec}
                  onChange={(e) => setSplit({ strategy: Number(e.target.value) as SplitStrategy })}
                  aria-describedby="split-strategy-hint"
                >
                  <option value={SplitStrategy.EXPANDING}>expanding window</option>
                  <option value={SplitStrategy.SLIDING}>sliding window</option>
                </NativeSelect>
                <p id="split-strategy-hint" className="text-xs text-muted-foreground">
                  Expanding keeps all history; sliding keeps a fixed window.
                </p>
              </div>
              <NumberField
                id="split-n"
                label="Folds"
                value={shown.nSplits}
                error={splitErrors.nSplits}
                hint="2 to 20"
                disabled={rec}
                onChange={(v) => setSplit({ nSplits: v })}
              />
              <NumberField
                id="split-min-train"
                label="Min train size (days)"
                value={shown.minTrainSize}
                error={splitErrors.minTrainSize}
                hint="at least 7"
                disabled={rec}
                onChange={(v) => setSplit({ minTrainSize: v })}
              />
              <NumberField
                id="split-gap"
                label="Gap (days)"
                value={shown.gap}
                error={splitErrors.gap}
                hint={`0 to 30, below the horizon`}
                disabled={rec}
                onChange={(v) => setSplit({ gap: v })}
              />
            </div>
            {featureAwareSelected && minTrain !== undefined && minTrain < 30 && (
              <p className="text-xs text-warning" role="status">
                Feature-aware models need a minimum training size of at least 30 days; with {minTrain} they will fail.
              </p>
            )}
          </CollapsibleContent>
        </Collapsible>
      </CardContent>
    </Card>
  )
}
