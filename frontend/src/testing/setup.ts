import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { cloneElement, createElement, type ReactElement } from 'react'
import { afterAll, afterEach, beforeAll, vi } from 'vitest'
import { reloadSession } from '@/lib/session'
import { server } from './server'

// Recharts' ResponsiveContainer and Radix need these browser APIs that jsdom lacks.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver
Element.prototype.scrollIntoView ??= function () {}
Element.prototype.hasPointerCapture ??= () => false
Element.prototype.releasePointerCapture ??= () => {}

// jsdom lays nothing out, so ResponsiveContainer would measure 0x0 and skip the chart: give
// charts a fixed size in tests so their SVG renders.
vi.mock('recharts', async (importOriginal) => {
  const mod = await importOriginal<typeof import('recharts')>()
  return {
    ...mod,
    ResponsiveContainer: ({ children }: { children: ReactElement<{ width?: number; height?: number }> }) =>
      createElement('div', { style: { width: 800, height: 300 } }, cloneElement(children, { width: 800, height: 300 })),
  }
})

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  cleanup()
  server.resetHandlers()
  sessionStorage.clear()
  reloadSession()
  vi.unstubAllGlobals()
  window.history.replaceState(null, '', '/')
})
afterAll(() => server.close())
