/// <reference types="node" />
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { contrast, over, parseOklch, themeTokens, type Rgb } from '@/lib/contrast'
import { badgeClass, type BadgeVariant } from './badge'

// The theme itself (vitest runs from frontend/).
const css = readFileSync(resolve(process.cwd(), 'src/index.css'), 'utf8')
const variants: BadgeVariant[] = ['default', 'secondary', 'outline', 'success', 'champion', 'warning', 'destructive', 'info', 'partial', 'cancelled']

/** The text and background colour a badge variant paints over `surface` (Tailwind classes -> theme tokens). */
function paint(variant: BadgeVariant, tokens: Record<string, string>, surface: Rgb): { fg: Rgb; bg: Rgb } {
  const classes = badgeClass(variant).split(/\s+/)
  const text = classes.find((c) => /^text-(?!xs$)[a-z-]+$/.test(c))
  expect(text, `${variant} has a token text colour`).toBeDefined()
  const fg = parseOklch(tokens[text!.slice('text-'.length)])
  const bgClass = classes.find((c) => /^bg-[a-z-]+(\/\d+)?$/.test(c))
  let bg = surface
  if (bgClass && bgClass !== 'bg-transparent') {
    const [name, alpha] = bgClass.slice('bg-'.length).split('/')
    bg = over(parseOklch(tokens[name]), alpha ? Number(alpha) / 100 : 1, surface)
  }
  return { fg, bg }
}

describe('badge colours', () => {
  for (const theme of [':root', '.dark'] as const) {
    for (const surfaceName of ['card', 'background', 'muted']) {
      it(`meet WCAG AA (4.5:1) in ${theme === ':root' ? 'light' : 'dark'} mode on ${surfaceName}`, () => {
        const tokens = themeTokens(css, theme)
        const surface = parseOklch(tokens[surfaceName])
        const ratios = Object.fromEntries(
          variants.map((v) => {
            const { fg, bg } = paint(v, tokens, surface)
            return [v, Math.round(contrast(fg, bg) * 100) / 100]
          }),
        )
        for (const [v, r] of Object.entries(ratios)) expect(r, `${v}: ${JSON.stringify(ratios)}`).toBeGreaterThanOrEqual(4.5)
      })
    }
  }
})
