import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt'

const dash = 'n/a'

function finite(v: number | undefined | null): v is number {
  return typeof v === 'number' && Number.isFinite(v)
}

/** 12.345 -> "12.3 %"; non-finite (null on the wire) -> "n/a". */
export function formatPercent(v: number | undefined | null, digits = 1): string {
  return finite(v) ? `${v.toFixed(digits)} %` : dash
}

export function formatNumber(v: number | undefined | null, digits = 2): string {
  if (!finite(v)) return dash
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

/** Signed: "+1.20" / "-0.35". */
export function formatSigned(v: number | undefined | null, digits = 2): string {
  if (!finite(v)) return dash
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}`
}

export function formatRatio(v: number | undefined | null): string {
  return finite(v) ? `${(v * 100).toFixed(1)} %` : dash
}

export function toDate(ts: Timestamp | undefined): Date | undefined {
  return ts ? timestampDate(ts) : undefined
}

/** 83 s -> "1 min 23 s"; 4200 ms -> "4.2 s". */
export function formatDuration(ms: number | undefined | null): string {
  if (!finite(ms) || ms < 0) return dash
  if (ms < 1000) return `${Math.round(ms)} ms`
  const s = ms / 1000
  if (s < 60) return `${s.toFixed(1)} s`
  const m = Math.floor(s / 60)
  const rest = Math.round(s - m * 60)
  if (m < 60) return `${m} min ${rest} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

export function formatDateTime(d: Date | undefined): string {
  if (!d) return dash
  return d.toLocaleString('en-GB', {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** "3 min ago", relative to `now`. */
export function formatRelative(d: Date | undefined, now: Date = new Date()): string {
  if (!d) return dash
  const s = Math.round((now.getTime() - d.getTime()) / 1000)
  if (s < 45) return 'just now'
  if (s < 3600) return `${Math.round(s / 60)} min ago`
  if (s < 86400) return `${Math.round(s / 3600)} h ago`
  return `${Math.round(s / 86400)} d ago`
}

/** Days between two ISO dates, inclusive of both ends. */
export function daysInclusive(start: string, end: string): number {
  const a = Date.parse(`${start}T00:00:00Z`)
  const b = Date.parse(`${end}T00:00:00Z`)
  return Math.round((b - a) / 86400000) + 1
}

/** A model_type like "seasonal_naive" as a label when the catalog has none. */
export function humanize(modelType: string): string {
  const s = modelType.replace(/_/g, ' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}
