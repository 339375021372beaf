import { describe, expect, it } from 'vitest'

import { legendEntries, standaloneSvg } from './chart-export'
import { oklchAsSrgb } from './contrast'

describe('oklchAsSrgb', () => {
  it('writes oklch colours as sRGB hex, with alpha as rgba', () => {
    expect(oklchAsSrgb('oklch(1 0 0)')).toBe('#ffffff')
    expect(oklchAsSrgb('oklch(0 0 0)')).toBe('#000000')
    expect(oklchAsSrgb('oklch(100% 0 0)')).toBe('#ffffff')
    // sRGB red is oklch(0.628 0.2577 29.23).
    expect(oklchAsSrgb('oklch(0.628 0.2577 29.23)')).toBe('#ff0000')
    expect(oklchAsSrgb('oklch(0 0 0 / 0.5)')).toBe('rgba(0, 0, 0, 0.5)')
    expect(oklchAsSrgb('oklch(1 0 0 / 40%)')).toBe('rgba(255, 255, 255, 0.4)')
  })

  it('leaves other colours and text alone', () => {
    expect(oklchAsSrgb('rgb(1, 2, 3)')).toBe('rgb(1, 2, 3)')
    expect(oklchAsSrgb('none')).toBe('none')
    expect(oklchAsSrgb('4 2')).toBe('4 2')
  })
})

function chart(): { container: HTMLElement; svg: SVGSVGElement } {
  const container = document.createElement('div')
  container.innerHTML = `
    <div class="recharts-wrapper">
      <svg width="300" height="100" viewBox="0 0 300 100">
        <path d="M0 0L10 10" style="stroke: oklch(0.628 0.2577 29.23); fill: none"></path>
      </svg>
      <ul class="recharts-default-legend">
        <li class="recharts-legend-item"><svg><path style="fill: none; stroke: #00ff00"></path></svg>
          <span class="recharts-legend-item-text">auto_ets</span></li>
        <li class="recharts-legend-item"><svg><path style="fill: oklch(0 0 0)"></path></svg>
          <span class="recharts-legend-item-text">Actual</span></li>
      </ul>
    </div>`
  document.body.appendChild(container)
  return { container, svg: container.querySelector('svg') as SVGSVGElement }
}

describe('standaloneSvg', () => {
  it('carries no oklch colour', () => {
    const { svg } = chart()
    const text = standaloneSvg(svg, 'oklch(1 0 0)')
    expect(text).not.toContain('oklch(')
    expect(text).toContain('stroke="#ff0000"')
    expect(text).toContain('fill="#ffffff"')
  })

  it('draws the HTML legend below the plot and grows by its height', () => {
    const { container, svg } = chart()
    const legend = legendEntries(container)
    expect(legend).toEqual([
      { label: 'auto_ets', colour: 'rgb(0, 255, 0)' },
      { label: 'Actual', colour: 'oklch(0 0 0)' },
    ])
    const doc = new DOMParser().parseFromString(standaloneSvg(svg, '#fff', legend), 'image/svg+xml')
    const root = doc.documentElement
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(100)
    expect(root.getAttribute('viewBox')).toBe(`0 0 300 ${root.getAttribute('height')}`)
    const labels = Array.from(root.querySelectorAll('text')).map((t) => t.textContent)
    expect(labels).toEqual(['auto_ets', 'Actual'])
    const swatches = Array.from(root.querySelectorAll('g > rect')).map((r) => r.getAttribute('fill'))
    expect(swatches).toEqual(['rgb(0, 255, 0)', '#000000'])
  })

  it('adds nothing without a legend', () => {
    const { svg } = chart()
    const root = new DOMParser().parseFromString(standaloneSvg(svg, '#fff'), 'image/svg+xml').documentElement
    expect(root.getAttribute('height')).toBe('100')
    expect(root.querySelectorAll('text')).toHaveLength(0)
  })
})
