import { useCallback, useEffect, useState } from 'react'

/** Reads and writes the page's query string (?run=…&store=…), kept in sync with history. */
export function useSearchParams(): [URLSearchParams, (patch: Record<string, string | undefined>, push?: boolean) => void] {
  const [params, setParams] = useState(() => new URLSearchParams(window.location.search))
  useEffect(() => {
    const onPop = () => setParams(new URLSearchParams(window.location.search))
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  const update = useCallback((patch: Record<string, string | undefined>, push = false) => {
    const next = new URLSearchParams(window.location.search)
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k)
      else next.set(k, v)
    }
    const qs = next.toString()
    const url = `${window.location.pathname}${qs ? `?${qs}` : ''}${window.location.hash}`
    if (push) window.history.pushState(null, '', url)
    else window.history.replaceState(null, '', url)
    setParams(next)
  }, [])
  return [params, update]
}
