import type { ComponentProps } from 'react'
import { cn } from '@/lib/utils'
import { Input } from './input'

/**
 * A day as YYYY-MM-DD. Text, not type="date": the browser's date field shows the locale's
 * format (06/30/2026), and the dashboard writes ISO dates everywhere.
 */
export function IsoDateInput({ className, ...props }: Omit<ComponentProps<'input'>, 'type'>) {
  return (
    <Input
      type="text"
      inputMode="numeric"
      placeholder="YYYY-MM-DD"
      pattern="\d{4}-\d{2}-\d{2}"
      maxLength={10}
      autoComplete="off"
      spellCheck={false}
      className={cn('font-mono tabular-nums', className)}
      {...props}
    />
  )
}
