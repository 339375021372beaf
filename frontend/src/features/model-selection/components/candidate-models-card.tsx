import { ChevronRight, SlidersHorizontal } from 'lucide-react'
import { ProblemAlert } from '@/components/problem-alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Checkbox } from '@/components/ui/checkbox'
import { Collapsible, CollapsibleContent, CollapsibleTrigger } from '@/components/ui/collapsible'
import { Label } from '@/components/ui/label'
import { Skeleton } from '@/components/ui/skeleton'
import { cn } from '@/lib/utils'
import type { ListModelsResponse, ModelInfo } from '@/types/api'
import { MAX_CANDIDATES, preselect, type ParamErrors, type ParamInput, type RunFormState } from '../types/run-form'
import { ParamEditor } from './param-editor'

const FAMILY_ORDER = ['baseline', 'statistical', 'additive', 'tree', 'ensemble']

function groupByFamily(models: ModelInfo[]): [string, ModelInfo[]][] {
  const groups = new Map<string, ModelInfo[]>()
  for (const m of models) {
    const list = groups.get(m.family) ?? []
    list.push(m)
    groups.set(m.family, list)
  }
  const rank = (f: string) => (FAMILY_ORDER.indexOf(f) === -1 ? 99 : FAMILY_ORDER.indexOf(f))
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
}

function ModelRow({
  model,
  checked,
  disabled,
  edited,
  errors,
  isDefault,
  onToggle,
  onParam,
  onReset,
}: {
  model: ModelInfo
  checked: boolean
  disabled: boolean
  edited?: Record<string, ParamInput>
  errors?: Record<string, string>
  isDefault: boolean
  onToggle: (on: boolean) => void
  onParam: (name: string, v: ParamInput) => void
  onReset: () => void
}) {
  const id = `model-${model.modelType}`
  const descId = `${id}-desc`
  const nEdited = edited ? Object.keys(edited).length : 0
  return (
    <li className={cn('rounded-md border p-2.5', checked && 'border-primary/50 bg-primary/5', !model.available && 'border-dashed bg-muted/40')}>
      <div className="flex items-start gap-2.5">
        <Checkbox
          id={id}
          className="mt-0.5"
          checked={checked}
          disabled={disabled}
          onCheckedChange={(c) => onToggle(c === true)}
          aria-describedby={descId}
        />
        <div className="min-w-0 flex-1 space-y-1">
          <div className="flex flex-wrap items-center gap-1.5">
            <Label htmlFor={id} className={cn(!disabled && 'cursor-pointer')}>
              {model.label || model.modelType}
            </Label>
            <code className="text-xs text-muted-foreground">{model.modelType}</code>
            {isDefault && <Badge variant="secondary">default</Badge>}
            {model.featureAware && <Badge variant="info">feature-aware</Badge>}
            {model.requiresExtra && <Badge variant="outline">extra</Badge>}
            {!model.available && <Badge variant="destructive">unavailable</Badge>}
          </div>
          <p id={descId} className="text-xs text-muted-foreground">
            {!model.available ? `Unavailable: ${model.unavailableReason || 'not in this build'}` : model.description}
          </p>
          {checked && model.paramSchema.length > 0 && (
            <Collapsible>
              <CollapsibleTrigger asChild>
                <Button type="button" variant="ghost" size="sm" className="group -ml-2 h-7">
                  <ChevronRight className="transition-transform group-data-[state=open]:rotate-90" />
                  <SlidersHorizontal /> Parameters
                  {nEdited > 0 && <Badge variant="default">{nEdited} changed</Badge>}
                  {errors && Object.keys(errors).length > 0 && <Badge variant="destructive">invalid</Badge>}
                </Button>
              </CollapsibleTrigger>
              <CollapsibleContent className="pt-1">
                <ParamEditor model={model} edited={edited} errors={errors} onChange={onParam} onReset={onReset} />
              </CollapsibleContent>
            </Collapsible>
          )}
        </div>
      </div>
    </li>
  )
}

/** Card 3: which catalog models to backtest (at most 10), with optional params. */
export function CandidateModelsCard({
  models,
  form,
  paramErrors,
  onChange,
  recommendation,
}: {
  models: { data?: ListModelsResponse; isPending: boolean; error: unknown }
  form: RunFormState
  paramErrors: ParamErrors
  onChange: (next: RunFormState) => void
  /** The pair's preselection (availability) and, when it differs from the defaults, why. */
  recommendation?: { types: string[]; reason?: string }
}) {
  const count = form.selected.length
  const full = count >= MAX_CANDIDATES
  let body
  if (models.isPending) {
    body = (
      <div className="space-y-2" aria-busy="true" aria-label="Loading models">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-12" />
        ))}
      </div>
    )
  } else if (models.error || !models.data) {
    body = <ProblemAlert error={models.error} title="Could not load the model catalog" />
  } else {
    const data = models.data
    const defaultTypes = recommendation?.types.length ? recommendation.types : data.defaultCandidateModelTypes
    const defaults = new Set(defaultTypes)
    const toggle = (m: ModelInfo, on: boolean) => {
      const set = new Set(form.selected)
      if (on) set.add(m.modelType)
      else set.delete(m.modelType)
      // Keep catalog order so the request is stable.
      const selected = data.models.map((x) => x.modelType).filter((t) => set.has(t))
      onChange({ ...form, selected })
    }
    body = (
      <div className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p className={cn('text-sm font-medium', count === 0 && 'text-destructive')} aria-live="polite" data-testid="selected-count">
            {count} of {MAX_CANDIDATES} selected
          </p>
          <div className="flex gap-1">
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => onChange({ ...form, selected: preselect(defaultTypes, data.models) })}
            >
              Defaults
            </Button>
            <Button type="button" variant="outline" size="sm" onClick={() => onChange({ ...form, selected: [] })}>
              Clear
            </Button>
          </div>
        </div>
        {recommendation?.reason && (
          <p className="text-sm" data-testid="candidate-recommendation">
            {recommendation.reason}
          </p>
        )}
        {full && <p className="text-xs text-muted-foreground">The maximum of {MAX_CANDIDATES} is reached; deselect one to add another.</p>}
        {groupByFamily(data.models).map(([family, list]) => (
          <fieldset key={family}>
            <legend className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{family}</legend>
            <ul className="grid gap-2 lg:grid-cols-2">
              {list.map((m) => {
                const checked = form.selected.includes(m.modelType)
                return (
                  <ModelRow
                    key={m.modelType}
                    model={m}
                    checked={checked}
                    disabled={!m.available || (!checked && full)}
                    isDefault={defaults.has(m.modelType)}
                    edited={form.params[m.modelType]}
                    errors={paramErrors[m.modelType]}
                    onToggle={(on) => toggle(m, on)}
                    onParam={(name, v) =>
                      onChange({ ...form, params: { ...form.params, [m.modelType]: { ...form.params[m.modelType], [name]: v } } })
                    }
                    onReset={() => {
                      const params = { ...form.params }
                      delete params[m.modelType]
                      onChange({ ...form, params })
                    }}
                  />
                )
              })}
            </ul>
          </fieldset>
        ))}
      </div>
    )
  }
  return (
    <Card aria-labelledby="models-title" data-testid="models-card">
      <CardHeader>
        <CardTitle id="models-title">
          <span className="text-muted-foreground">3.</span> Candidate models
        </CardTitle>
        <CardDescription>The default set is preselected. Pick up to {MAX_CANDIDATES}.</CardDescription>
      </CardHeader>
      <CardContent>{body}</CardContent>
    </Card>
  )
}
