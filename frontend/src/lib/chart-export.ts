/**
 * Charts as files: the SVG a chart drew, self-contained (colours and fonts that came from CSS
 * variables and the page's stylesheet written onto each element, a background), and the same
 * picture as PNG. Downloads go through a data: URL, which the Content-Security-Policy allows.
 */

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
export function standaloneSvg(svg: SVGSVGElement, background: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement
  const from = [svg, ...Array.from(svg.querySelectorAll('*'))]
  const to = [copy, ...Array.from(copy.querySelectorAll('*'))]
  from.forEach((el, i) => {
    const style = getComputedStyle(el)
    const target = to[i]
    for (const name of PAINT) {
      const value = style.getPropertyValue(name)
      if (value && !value.includes('var(')) target.setAttribute(name, value)
    }
    target.removeAttribute('class')
    target.removeAttribute('style')
  })
  const { width, height } = size(svg)
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  copy.setAttribute('width', String(width))
  copy.setAttribute('height', String(height))
  const backdrop = document.createElementNS('http://www.w3.org/2000/svg', 'rect')
  backdrop.setAttribute('width', '100%')
  backdrop.setAttribute('height', '100%')
  backdrop.setAttribute('fill', background)
  copy.insertBefore(backdrop, copy.firstChild)
  return new XMLSerializer().serializeToString(copy)
}

function size(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.getBoundingClientRect()
  const width = box.width || Number(svg.getAttribute('width')) || 640
  const height = box.height || Number(svg.getAttribute('height')) || 320
  return { width: Math.round(width), height: Math.round(height) }
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
  const text = standaloneSvg(svg, background)
  if (format === 'svg') {
    download(svgDataUrl(text), `${basename}.svg`)
  } else {
    const { width, height } = size(svg)
    download(await pngDataUrl(text, width, height), `${basename}.png`)
  }
  return true
}
