import { cva, type VariantProps } from 'class-variance-authority'
import type { ComponentProps } from 'react'
import { cn } from '@/lib/utils'

const badgeVariants = cva(
  'inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap',
  {
    variants: {
      variant: {
        default: 'border-transparent bg-primary/15 text-primary',
        secondary: 'border-transparent bg-muted text-muted-foreground',
        outline: 'border-border text-foreground',
        success: 'border-transparent bg-success/15 text-success',
        champion: 'border-transparent bg-champion/15 text-champion',
        warning: 'border-transparent bg-warning/15 text-warning',
        destructive: 'border-transparent bg-destructive/15 text-destructive',
        info: 'border-transparent bg-info/15 text-info',
        partial: 'border-warning/60 border-dashed bg-warning/10 text-warning',
        cancelled: 'border-muted-foreground/40 bg-transparent text-muted-foreground line-through decoration-1',
      },
    },
    defaultVariants: { variant: 'default' },
  },
)

/** The classes of a variant (the contrast test reads its colours from them). */
export function badgeClass(variant: BadgeVariant): string {
  return badgeVariants({ variant })
}

export type BadgeVariant = NonNullable<VariantProps<typeof badgeVariants>['variant']>

export function Badge({
  className,
  variant,
  ...props
}: ComponentProps<'span'> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ variant }), className)} {...props} />
}
