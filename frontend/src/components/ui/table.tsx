import type { ComponentProps } from 'react'
import { cn } from '@/lib/utils'

export function Table({ className, ...props }: ComponentProps<'table'>) {
  return (
    <div className="w-full overflow-x-auto">
      <table className={cn('w-full caption-bottom text-sm', className)} {...props} />
    </div>
  )
}
export function THead(props: ComponentProps<'thead'>) {
  return <thead {...props} className={cn('[&_tr]:border-b', props.className)} />
}
export function TBody(props: ComponentProps<'tbody'>) {
  return <tbody {...props} className={cn('[&_tr:last-child]:border-0', props.className)} />
}
export function TR({ className, ...props }: ComponentProps<'tr'>) {
  return <tr className={cn('border-b transition-colors', className)} {...props} />
}
export function TH({ className, ...props }: ComponentProps<'th'>) {
  return (
    <th
      className={cn('h-9 px-2 text-left align-middle text-xs font-medium text-muted-foreground', className)}
      {...props}
    />
  )
}
export function TD({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cn('px-2 py-1.5 align-middle', className)} {...props} />
}
