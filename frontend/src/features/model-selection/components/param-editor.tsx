import { RotateCcw } from 'lucide-react'
import { Button } from '@/components/ui/button'
import { Checkbox } from '@/components/ui/checkbox'
import { Input } from '@/components/ui/input'
import { FieldMessage, Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import type { ModelInfo, ParamSpec } from '@/types/api'
import { boundsText, defaultParamInput, type ParamInput } from '../types/run-form'

function ParamField({
  modelType,
  spec,
  value,
  error,
  onChange,
}: {
  modelType: string
  spec: ParamSpec
  value: ParamInput
  error?: string
  onChange: (v: ParamInput) => void
}) {
  const id = `param-${modelType}-${spec.name}`
  const msgId = `${id}-msg`
  const hintId = `${id}-hint`
  const bounds = boundsText(spec)
  const hint = [spec.description, bounds && `(${bounds})`, spec.nullable && 'empty = none'].filter(Boolean).join(' ')
  if (spec.type === 'boolean') {
    return (
      <div className="flex items-center gap-2">
        <Checkbox id={id} checked={value === true} onCheckedChange={(c) => onChange(c === true)} aria-describedby={hintId} />
        <Label htmlFor={id}>{spec.name}</Label>
        <span id={hintId} className="text-xs text-muted-foreground">
          {spec.description}
        </span>
      </div>
    )
  }
  if (spec.type === 'model_list') {
    const list = Array.isArray(value) ? value : []
    return (
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">{spec.name}</legend>
        <p className="text-xs text-muted-foreground">{spec.description}</p>
        <div className="flex flex-wrap gap-3">
          {spec.allowedValues.map((m) => {
            const cid = `${id}-${m}`
            return (
              <span key={m} className="flex items-center gap-1.5">
                <Checkbox
                  id={cid}
                  checked={list.includes(m)}
                  onCheckedChange={(c) => onChange(c === true ? [...list, m] : list.filter((x) => x !== m))}
                />
                <Label htmlFor={cid} className="font-normal">
                  {m}
                </Label>
              </span>
            )
          })}
        </div>
        <FieldMessage id={msgId}>{error}</FieldMessage>
      </fieldset>
    )
  }
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>{spec.name}</Label>
      {spec.type === 'enum' ? (
        <NativeSelect
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
          aria-describedby={`${hintId} ${msgId}`}
        >
          {spec.nullable && <option value="">none</option>}
          {spec.allowedValues.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </NativeSelect>
      ) : (
        <Input
          id={id}
          inputMode={spec.type === 'integer' ? 'numeric' : 'decimal'}
          value={typeof value === 'string' ? value : ''}
          placeholder={spec.nullable ? 'none' : undefined}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={`${hintId} ${msgId}`}
        />
      )}
      <p id={hintId} className="text-xs text-muted-foreground">
        {hint}
      </p>
      <FieldMessage id={msgId}>{error}</FieldMessage>
    </div>
  )
}

/** Per-model parameter editing driven by the model's param_schema. */
export function ParamEditor({
  model,
  edited,
  errors,
  onChange,
  onReset,
}: {
  model: ModelInfo
  edited: Record<string, ParamInput> | undefined
  errors: Record<string, string> | undefined
  onChange: (name: string, value: ParamInput) => void
  onReset: () => void
}) {
  if (model.paramSchema.length === 0) {
    return <p className="text-xs text-muted-foreground">This model has no parameters.</p>
  }
  return (
    <div className="space-y-3 rounded-md border bg-background/60 p-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {model.paramSchema.map((spec) => (
          <ParamField
            key={spec.name}
            modelType={model.modelType}
            spec={spec}
            value={edited && spec.name in edited ? edited[spec.name] : defaultParamInput(spec)}
            error={errors?.[spec.name]}
            onChange={(v) => onChange(spec.name, v)}
          />
        ))}
      </div>
      {edited && Object.keys(edited).length > 0 && (
        <Button type="button" variant="ghost" size="sm" onClick={onReset}>
          <RotateCcw /> Reset to defaults
        </Button>
      )}
    </div>
  )
}
