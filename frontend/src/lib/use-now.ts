import { useEffect, useState } from 'react'

/** The current time, re-rendered every `intervalMs` while `active`. */
export function useNow(active: boolean, intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    if (!active) return
    setNow(new Date())
    const t = setInterval(() => setNow(new Date()), intervalMs)
    return () => clearInterval(t)
  }, [active, intervalMs])
  return now
}
