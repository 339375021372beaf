/**
 * Charts as files: the SVG a chart drew, self-contained (colours and fonts that came from CSS
 * variables and the page's stylesheet written onto each element in sRGB, a background, the
 * legend the page draws in HTML), and the same picture as PNG. Downloads go through a data:
 * URL, which the Content-Security-Policy allows.
 */

import { oklchAsSrgb } from './contrast'

const SVG_NS = 'http://www.w3.org/2000/svg'

/** One legend row: the series' name and colour. */
export interface LegendEntry {
  label: string
  colour: string
}

const PAINT = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
] as const

/** The chart's SVG as a standalone document, every inherited paint made explicit. */
export function standaloneSvg(svg: SVGSVGElement, background: string, legend: LegendEntry[] = []): string {
  const copy = svg.cloneNode(true) as SVGSVGElement
  const from = [svg, ...Array.from(svg.querySelectorAll('*'))]
  const to = [copy, ...Array.from(copy.querySelectorAll('*'))]
  from.forEach((el, i) => {
    const style = getComputedStyle(el)
    const target = to[i]
    for (const name of PAINT) {
      const value = style.getPropertyValue(name)
      if (value && !value.includes('var(')) target.setAttribute(name, oklchAsSrgb(value))
    }
    target.removeAttribute('class')
    target.removeAttribute('style')
  })
  const { width, height } = size(svg)
  const textColour = oklchAsSrgb(getComputedStyle(svg).color || '#000000')
  const legendHeight = appendLegend(copy, legend, width, height, textColour)
  copy.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns', SVG_NS)
  copy.setAttribute('width', String(width))
  copy.setAttribute('height', String(height + legendHeight))
  if (copy.hasAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${width} ${height + legendHeight}`)
  const backdrop = document.createElementNS(SVG_NS, 'rect')
  backdrop.setAttribute('width', '100%')
  backdrop.setAttribute('height', '100%')
  backdrop.setAttribute('fill', oklchAsSrgb(background))
  copy.insertBefore(backdrop, copy.firstChild)
  return new XMLSerializer().serializeToString(copy)
}

const LEGEND_ROW = 18
const LEGEND_FONT = 11

/** Draws `legend` below the plot (rows of swatch + label, wrapped at `width`); its height. */
function appendLegend(svg: SVGSVGElement, legend: LegendEntry[], width: number, top: number, colour: string): number {
  if (legend.length === 0) return 0
  const group = document.createElementNS(SVG_NS, 'g')
  group.setAttribute('font-size', String(LEGEND_FONT))
  group.setAttribute('font-family', 'sans-serif')
  let x = 8
  let row = 0
  for (const entry of legend) {
    // An estimate of the label's width (no layout engine here): 0.6 em per character.
    const itemWidth = 14 + entry.label.length * LEGEND_FONT * 0.6 + 16
    if (x > 8 && x + itemWidth > width) {
      x = 8
      row += 1
    }
    const y = top + 6 + row * LEGEND_ROW
    const swatch = document.createElementNS(SVG_NS, 'rect')
    swatch.setAttribute('x', String(x))
    swatch.setAttribute('y', String(y + 2))
    swatch.setAttribute('width', '10')
    swatch.setAttribute('height', '10')
    swatch.setAttribute('fill', oklchAsSrgb(entry.colour))
    const label = document.createElementNS(SVG_NS, 'text')
    label.setAttribute('x', String(x + 14))
    label.setAttribute('y', String(y + 11))
    label.setAttribute('fill', colour)
    label.textContent = entry.label
    group.append(swatch, label)
    x += itemWidth
  }
  svg.appendChild(group)
  return 10 + (row + 1) * LEGEND_ROW
}

/** A paint that shows: not none, not fully transparent. */
function painted(value: string | null): value is string {
  return !!value && value !== 'none' && value !== 'transparent' && !/^rgba\(.*,\s*0\)$/.test(value)
}

/** The legend recharts drew in HTML next to the plot: each item's text and icon colour. */
export function legendEntries(container: HTMLElement): LegendEntry[] {
  const out: LegendEntry[] = []
  for (const item of container.querySelectorAll<HTMLElement>('.recharts-legend-item')) {
    const label = item.querySelector('.recharts-legend-item-text')?.textContent?.trim() ?? item.textContent?.trim() ?? ''
    const icon = item.querySelector<SVGElement>('svg path, svg line, svg rect')
    let colour = ''
    if (icon) {
      // Computed values: the attributes may name CSS variables (stroke="var(--foreground)").
      const style = getComputedStyle(icon)
      const fill = style.fill || icon.getAttribute('fill')
      const stroke = style.stroke || icon.getAttribute('stroke')
      colour = painted(fill) ? fill : painted(stroke) ? stroke : ''
    }
    if (label) out.push({ label, colour: colour || 'currentColor' })
  }
  return out
}

function size(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.getBoundingClientRect()
  const width = box.width || Number(svg.getAttribute('width')) || 640
  const height = box.height || Number(svg.getAttribute('height')) || 320
  return { width: Math.round(width), height: Math.round(height) }
}

/** The width and height a standalone SVG declares (the legend makes it taller than the plot). */
function drawnSize(svgText: string): { width: number; height: number } {
  const root = new DOMParser().parseFromString(svgText, 'image/svg+xml').documentElement
  return { width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')) }
}

export function svgDataUrl(svgText: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`
}

/** The SVG rendered at `scale` times its size, as a PNG data URL. */
export async function pngDataUrl(svgText: string, width: number, height: number, scale = 2): Promise<string> {
  const image = new Image()
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve()
    image.onerror = () => reject(new Error('the chart could not be drawn as an image'))
  })
  image.src = svgDataUrl(svgText)
  await loaded
  const canvas = document.createElement('canvas')
  canvas.width = width * scale
  canvas.height = height * scale
  const context = canvas.getContext('2d')
  if (!context) throw new Error('this browser cannot draw images')
  context.scale(scale, scale)
  context.drawImage(image, 0, 0, width, height)
  return canvas.toDataURL('image/png')
}

/** Saves `href` (a data: URL) as `filename`. */
export function download(href: string, filename: string): void {
  const a = document.createElement('a')
  a.href = href
  a.download = filename
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

function largest(svgs: NodeListOf<SVGSVGElement>): SVGSVGElement | undefined {
  let best: SVGSVGElement | undefined
  let area = -1
  for (const svg of svgs) {
    const { width, height } = svg.getBoundingClientRect()
    if (width * height > area) [best, area] = [svg, width * height]
  }
  return best
}

/** The chart inside `container` as SVG or PNG; false when it has not drawn yet. */
export async function exportChart(container: HTMLElement, format: 'svg' | 'png', basename: string): Promise<boolean> {
  // The plot's own surface: legend icons are small recharts surfaces of their own.
  const svg = container.querySelector<SVGSVGElement>('.recharts-wrapper > svg') ?? largest(container.querySelectorAll('svg'))
  if (!svg) return false
  const background = getComputedStyle(container).backgroundColor || '#ffffff'
  const text = standaloneSvg(svg, background, legendEntries(container))
  if (format === 'svg') {
    download(svgDataUrl(text), `${basename}.svg`)
  } else {
    const { width, height } = drawnSize(text)
    download(await pngDataUrl(text, width, height), `${basename}.png`)
  }
  return true
}
