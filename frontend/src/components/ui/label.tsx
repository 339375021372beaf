import * as LabelPrimitive from '@radix-ui/react-label'
import type { ComponentProps } from 'react'
import { cn } from '@/lib/utils'

export function Label({ className, ...props }: ComponentProps<typeof LabelPrimitive.Root>) {
  return (
    <LabelPrimitive.Root
      className={cn('text-sm font-medium leading-none peer-disabled:opacity-60', className)}
      {...props}
    />
  )
}

/** Inline validation message tied to an input through aria-describedby. */
export function FieldMessage({ id, children, tone = 'error' }: { id: string; children?: React.ReactNode; tone?: 'error' | 'hint' }) {
  if (!children) return null
  return (
    <p
      id={id}
      role={tone === 'error' ? 'alert' : undefined}
      className={cn('text-xs', tone === 'error' ? 'text-destructive' : 'text-muted-foreground')}
    >
      {children}
    </p>
  )
}
