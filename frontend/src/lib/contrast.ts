// Colours in the theme's notation (oklch(L C H) with an optional alpha by Tailwind's `/NN`
// modifier): WCAG 2.1 contrast, used by the tests that keep the badge tokens at AA, and the
// sRGB spelling that exported charts carry (not every SVG editor reads oklch).

export type Rgb = [number, number, number]

/** oklch (L 0..1, C, H degrees) to linear-light sRGB, clamped to the gamut. */
export function oklchToLinearSrgb(l: number, c: number, h: number): Rgb {
  const hr = (h * Math.PI) / 180
  const a = c * Math.cos(hr)
  const b = c * Math.sin(hr)
  const l_ = l + 0.3963377774 * a + 0.2158037573 * b
  const m_ = l - 0.1055613458 * a - 0.0638541728 * b
  const s_ = l - 0.0894841775 * a - 1.291485548 * b
  const L = l_ ** 3
  const M = m_ ** 3
  const S = s_ ** 3
  const rgb: Rgb = [
    4.0767416621 * L - 3.3077115913 * M + 0.2309699292 * S,
    -1.2684380046 * L + 2.6097574011 * M - 0.3413193965 * S,
    -0.0041960863 * L - 0.7034186147 * M + 1.707614701 * S,
  ]
  return rgb.map((v) => Math.min(1, Math.max(0, v))) as Rgb
}

const toGamma = (v: number) => (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055)
const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)

/** "oklch(0.52 0.13 150)" -> gamma-encoded sRGB 0..1. */
export function parseOklch(css: string): Rgb {
  const m = /oklch\(\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\)/.exec(css)
  if (!m) throw new Error(`not an oklch colour: ${css}`)
  return oklchToLinearSrgb(Number(m[1]), Number(m[2]), Number(m[3])).map(toGamma) as Rgb
}

const OKLCH = /oklch\(\s*([\d.]+)(%?)\s+([\d.]+)\s+([\d.]+)(?:deg)?\s*(?:\/\s*([\d.]+)(%?))?\s*\)/g

const hex2 = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0')

/**
 * `css` with every oklch() colour in it written as sRGB: `#rrggbb`, or `rgba(r, g, b, a)` when it
 * has an alpha below 1. Colours outside the sRGB gamut are clamped; anything else is unchanged.
 */
export function oklchAsSrgb(css: string): string {
  return css.replace(OKLCH, (_, l: string, lPercent: string, c: string, h: string, a?: string, aPercent?: string) => {
    const lightness = Number(l) / (lPercent ? 100 : 1)
    const rgb = oklchToLinearSrgb(lightness, Number(c), Number(h)).map(toGamma) as Rgb
    const alpha = a === undefined ? 1 : Number(a) / (aPercent ? 100 : 1)
    if (alpha >= 1) return `#${rgb.map(hex2).join('')}`
    const [r, g, b] = rgb.map((v) => Math.round(v * 255))
    return `rgba(${r}, ${g}, ${b}, ${Number(alpha.toFixed(3))})`
  })
}

/** `fg` at `alpha` over `bg` (gamma-space blending, as browsers do). */
export function over(fg: Rgb, alpha: number, bg: Rgb): Rgb {
  return fg.map((v, i) => v * alpha + bg[i] * (1 - alpha)) as Rgb
}

export function luminance(c: Rgb): number {
  const [r, g, b] = c.map(toLinear)
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

export function contrast(a: Rgb, b: Rgb): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

/** The custom properties of one block (`:root {` or `.dark {`) of a stylesheet. */
export function themeTokens(css: string, selector: ':root' | '.dark'): Record<string, string> {
  const start = css.indexOf(`${selector} {`)
  if (start < 0) throw new Error(`no ${selector} block`)
  const body = css.slice(start, css.indexOf('}', start))
  const out: Record<string, string> = {}
  for (const m of body.matchAll(/--([\w-]+):\s*([^;]+);/g)) out[m[1]] = m[2].trim()
  return out
}
