// The e2e flows. Each takes { page, baseUrl, token, screenshot, runTimeoutMs } and throws on
// failure. Selectors are roles, labels and data-testid attributes that the components promise.
// Every page is a new browser tab, so each flow signs in (the token is kept per tab).

import { readFileSync } from 'node:fs'
import { AxeBuilder } from '@axe-core/playwright'

const TERMINAL = ['completed', 'partial', 'failed', 'cancelled']

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now; any serious or critical
 * violation fails the flow. AxeBuilder injects axe with page.evaluate, which the gateway's
 * Content-Security-Policy (script-src 'self') does not apply to.
 */
async function expectAccessible(page, where) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (bad.length) {
    const lines = bad.map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`,
    )
    throw new Error(`accessibility violations on ${where}:\n  ${lines.join('\n  ')}`)
  }
}

/** Fails when the page is wider than the viewport (something overflows on a phone). */
async function expectNoHorizontalOverflow(page, where) {
  // Charts re-measure on a ResizeObserver callback after a viewport change: let them settle.
  await page.waitForTimeout(700)
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  if (scroll > client + 1) throw new Error(`${where}: the page is ${scroll} px wide in a ${client} px viewport`)
}

async function expectVisible(locator, what, timeout = 15000) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout })
  } catch {
    throw new Error(`not visible after ${timeout} ms: ${what}`)
  }
}

/** Types into a combobox and picks the first option whose text contains `text`. */
async function pick(page, label, text) {
  const box = page.getByRole('combobox', { name: label })
  await box.click()
  await box.fill(text)
  const option = page.getByRole('option').filter({ hasText: text }).first()
  await expectVisible(option, `${label} option "${text}"`)
  await option.click()
}

/** Types the token into the sign-in screen and waits for the signed-in header. */
async function signIn(page, token) {
  const field = page.getByLabel('API token')
  await expectVisible(field, 'sign-in token field')
  await field.fill(token)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expectVisible(page.getByTestId('identity'), 'signed-in identity')
}

/** Opens `url` in `page` (a new tab: signed out) and signs in. */
async function openSignedIn(page, url, token) {
  await page.goto(url, { waitUntil: 'domcontentloaded' })
  await signIn(page, token)
}

async function choosePair(page, baseUrl, token, store = 'S001', product = 'SKU-0001') {
  await openSignedIn(page, baseUrl, token)
  await pick(page, 'Store', store)
  await pick(page, 'Product', product)
  const badge = page.getByTestId('availability-status')
  await expectVisible(badge, 'availability status badge')
  return (await badge.textContent())?.trim()
}

async function waitForTerminal(page, timeout) {
  await page.waitForFunction(
    (terminal) => terminal.includes(document.querySelector('[data-testid="run-status"]')?.getAttribute('data-status') ?? ''),
    TERMINAL,
    { timeout, polling: 500 },
  )
  return page.getByTestId('run-status').first().getAttribute('data-status')
}

async function submitDefaultRun(page) {
  const run = page.getByTestId('run-button')
  await page.waitForFunction(() => !document.querySelector('[data-testid="run-button"]')?.hasAttribute('disabled'), null, {
    timeout: 15000,
  })
  await run.click()
  const problem = page.locator('[data-testid="run-card"] [data-testid="problem"]')
  await Promise.race([
    page.waitForURL(/[?&]run=[0-9a-f]{32}/, { timeout: 15000 }),
    problem.waitFor({ state: 'visible', timeout: 15000 }).then(async () => {
      throw new Error(`the run was rejected: ${(await problem.textContent())?.trim()}`)
    }),
  ])
  await expectVisible(page.getByTestId('progress-panel'), 'progress panel')
}

export const flows = {
  /** Sign in (a wrong token first), see who is signed in, survive a reload, sign out. */
  async auth({ page, baseUrl, token, screenshot }) {
    await page.goto(baseUrl, { waitUntil: 'domcontentloaded' })
    const field = page.getByLabel('API token')
    await expectVisible(field, 'sign-in token field')
    if (!(await field.evaluate((el) => el === document.activeElement))) throw new Error('the token field is not focused')
    await screenshot('sign-in.png')
    await field.fill(`${token}-wrong`)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expectVisible(page.getByRole('alert').filter({ hasText: 'This token was not accepted' }), 'rejected-token alert')

    await signIn(page, token)
    const who = (await page.getByTestId('identity').textContent())?.trim()
    if (!who) throw new Error('no identity shown after sign-in')
    await expectVisible(page.getByTestId('run-card'), 'dashboard after sign-in')
    if (await page.getByTestId('read-only-badge').count()) throw new Error('a token with every scope is shown as read-only')
    if (page.url().includes(token)) throw new Error('the token is in the URL')
    const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('champion-token'), local: localStorage.getItem('champion-token') }))
    if (stored.session !== token || stored.local !== null) throw new Error(`token storage: ${JSON.stringify({ session: !!stored.session, local: !!stored.local })}`)

    // A reload of the tab keeps the session (sessionStorage).
    await page.reload({ waitUntil: 'domcontentloaded' })
    await expectVisible(page.getByTestId('identity'), 'identity after reload')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await expectVisible(page.getByText('You have signed out.'), 'signed-out notice')
    await expectVisible(page.getByLabel('API token'), 'sign-in screen after sign-out')
    if (await page.getByTestId('identity').count()) throw new Error('identity still shown after sign-out')
    if (await page.evaluate(() => sessionStorage.getItem('champion-token'))) throw new Error('token kept after sign-out')
  },

  /** Works against today's backend: catalog search, availability, sparkline, theme. */
  async catalog({ page, baseUrl, token, screenshot }) {
    const status = await choosePair(page, baseUrl, token)
    if (!['ready', 'limited', 'unusable'].includes(status ?? '')) throw new Error(`unexpected availability status ${status}`)
    await expectVisible(page.getByRole('figure', { name: /Sales history/ }), 'sales sparkline')
    const start = await page.getByLabel('Start date').inputValue()
    if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) throw new Error(`window start not defaulted: "${start}"`)
    await expectVisible(page.getByTestId('selected-count'), 'n of 10 selected')
    // Horizon validation is inline.
    await page.getByLabel('Forecast horizon (days)').fill('0')
    await expectVisible(page.getByText('Enter a whole number of days from 1 to 90.'), 'horizon error')
    await page.getByLabel('Forecast horizon (days)').fill('14')
    await expectVisible(page.getByTestId('availability-status'), 'availability after horizon fix')
    await screenshot('setup-light.png')
    await expectAccessible(page, 'the main page (light)')
    await page.getByTestId('theme-toggle').click()
    await screenshot('setup-dark.png')
    await expectAccessible(page, 'the main page (dark)')
    await page.getByTestId('theme-toggle').click()
    // A phone (390 px): no input or card wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoHorizontalOverflow(page, 'the setup on a 390 px phone')
    await screenshot('setup-phone.png')
    await page.setViewportSize({ width: 1440, height: 900 })
  },

  /** Pick a pair, run the default comparison, watch progress, see the winner, charts, drawer. */
  async run({ page, baseUrl, token, screenshot, runTimeoutMs }) {
    await choosePair(page, baseUrl, token)
    await submitDefaultRun(page)
    // Results first: focus has moved to the results area.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'results', null, { timeout: 5000 })
    await screenshot('run-progress.png')
    const status = await waitForTerminal(page, runTimeoutMs)
    if (status !== 'completed' && status !== 'partial') throw new Error(`run ended ${status}`)
    await expectVisible(page.getByTestId('winner-card'), 'winner card')
    await expectVisible(page.getByTestId('chart-wape'), 'WAPE chart')
    await expectVisible(page.getByTestId('chart-actual-vs-predicted'), 'actual vs predicted chart')
    // The plots load on demand: wait until both have drawn (an SVG with its lines and bars).
    await expectVisible(page.getByTestId('chart-wape').locator('svg.recharts-surface'), 'WAPE plot')
    await expectVisible(
      page.getByTestId('chart-actual-vs-predicted').locator('svg.recharts-surface'),
      'actual vs predicted plot',
    )
    // The champion's forecast with its band, and the forecast as CSV.
    await expectVisible(page.getByTestId('chart-forecast').locator('svg.recharts-surface'), 'forecast plot')
    const csv = decodeURIComponent((await page.getByTestId('forecast-csv').getAttribute('href')) ?? '')
    if (!csv.includes('date,forecast,P10,P50,P90\n')) throw new Error(`forecast CSV: ${csv.slice(0, 80)}`)
    // Export: the ranking as CSV, a chart as a self-contained SVG (no CSS variables left) and PNG.
    const rankingCsv = decodeURIComponent((await page.getByTestId('ranking-csv').getAttribute('href')) ?? '')
    if (!rankingCsv.includes('rank,model,model_type,wape')) throw new Error(`ranking CSV: ${rankingCsv.slice(0, 80)}`)
    const saveChart = async (format) => {
      const [file] = await Promise.all([
        page.waitForEvent('download', { timeout: 15000 }),
        page.getByTestId('chart-forecast').getByRole('button', { name: `Download Forecast as ${format}` }).click(),
      ])
      const name = file.suggestedFilename()
      if (name !== `forecast.${format.toLowerCase()}`) throw new Error(`chart saved as ${name}`)
      return readFileSync(await file.path())
    }
    const svg = (await saveChart('SVG')).toString('utf8')
    if (!svg.startsWith('<svg') || svg.includes('var(--')) throw new Error(`chart SVG is not self-contained: ${svg.slice(0, 120)}`)
    // sRGB colours only (not every editor reads oklch), and the legend drawn into the file.
    if (svg.includes('oklch(')) throw new Error('chart SVG keeps oklch() colours')
    if (!svg.includes('>Actual</text>') || !svg.includes('>Forecast</text>')) throw new Error('chart SVG has no legend')
    const png = await saveChart('PNG')
    if (png.length < 1000 || png.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`chart PNG: ${png.length} bytes`)
    await screenshot('run-results.png')
    await expectAccessible(page, 'the settled results')
    // Keyboard: focus the first ranking row and press Enter.
    const row = page.getByTestId('ranking-row').first()
    await row.focus()
    await page.keyboard.press('Enter')
    await expectVisible(page.getByTestId('model-drawer'), 'model drawer')
    await expectVisible(page.getByTestId('drawer-chart').locator('svg.recharts-surface'), 'drawer plot')
    await screenshot('model-drawer.png')
    await expectAccessible(page, 'the open model drawer')
    await page.keyboard.press('Escape')
    await page.getByTestId('model-drawer').waitFor({ state: 'hidden' })
    const rowHandle = await row.elementHandle()
    await page
      .waitForFunction((el) => el === document.activeElement, rowHandle, { timeout: 3000 })
      .catch(async () => {
        const where = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.getAttribute('data-testid') ?? ''}`)
        throw new Error(`closing the drawer did not return focus to its row (focus is on ${where})`)
      })
    // The same results on a 390 px phone: nothing wider than the screen but the ranking's own scroller.
    await page.setViewportSize({ width: 390, height: 844 })
    await expectNoHorizontalOverflow(page, 'the results on a 390 px phone')
    await screenshot('run-results-phone.png')
    await row.focus()
    await page.keyboard.press('Enter')
    await expectVisible(page.getByTestId('model-drawer'), 'model drawer on a phone')
    const drawerOverflow = await page.getByTestId('model-drawer').evaluate((el) => el.scrollWidth - el.clientWidth)
    if (drawerOverflow > 1) throw new Error(`the drawer scrolls sideways by ${drawerOverflow} px on a 390 px phone`)
    await screenshot('model-drawer-phone.png')
    await page.keyboard.press('Escape')
    await page.setViewportSize({ width: 1440, height: 900 })
  },

  /**
   * A shared ?run= link shows the same run after a reload (still signed in: same tab) and in
   * a new tab (after signing in there).
   */
  async reload({ page, baseUrl, token, runTimeoutMs }) {
    await choosePair(page, baseUrl, token)
    await submitDefaultRun(page)
    const url = page.url()
    const id = new URL(url).searchParams.get('run')
    // Not "networkidle": the run's event stream stays open while it runs.
    await page.reload({ waitUntil: 'domcontentloaded' })
    await expectVisible(page.getByTestId('progress-panel'), 'progress panel after reload')
    if (!(await page.getByText(id).count())) throw new Error('run id not shown after reload')
    await waitForTerminal(page, runTimeoutMs)
    const fresh = await page.context().newPage()
    await openSignedIn(fresh, url, token)
    await expectVisible(fresh.getByTestId('run-status'), 'run status in a fresh tab')
    await fresh.close()
  },

  /** Start a long comparison and cancel it mid-run; the outcome is shown, never swallowed. */
  async cancel({ page, baseUrl, token, screenshot, runTimeoutMs }) {
    await choosePair(page, baseUrl, token)
    // A run that lasts many seconds on any machine: a 500-tree random forest over 20 folds,
    // next to the default candidates.
    await page.locator('#model-random_forest').click()
    const rf = page.locator('li').filter({ has: page.locator('#model-random_forest') })
    await rf.getByRole('button', { name: /Parameters/ }).click()
    await page.locator('#param-random_forest-n_estimators').fill('500')
    await page.getByLabel('Use recommended split').click()
    await page.getByRole('button', { name: 'Advanced' }).click()
    await page.getByLabel('Folds').fill('20')
    await submitDefaultRun(page)
    await page.getByTestId('cancel-button').click()
    await screenshot('cancel-dialog.png')
    await page.getByTestId('confirm-cancel').click()
    const outcome = page.getByTestId('cancel-outcome')
    await expectVisible(outcome, 'cancel outcome', 60000)
    const text = (await outcome.textContent())?.trim() ?? ''
    if (!text.startsWith('Cancelled.')) throw new Error(`the cancel did not stop the run: "${text}"`)
    const status = await waitForTerminal(page, runTimeoutMs)
    if (!['cancelled', 'partial'].includes(status ?? '')) throw new Error(`a cancelled run settled as ${status}`)
    await screenshot('run-cancelled.png')
  },
  /**
   * Two runs of one pair in the history, filtered to today's UTC day; check both and compare
   * them side by side; the comparison closes back to its Compare button.
   */
  async history({ page, baseUrl, token, screenshot, runTimeoutMs }) {
    await choosePair(page, baseUrl, token)
    await submitDefaultRun(page)
    await waitForTerminal(page, runTimeoutMs)
    // The URL already names the first run: wait until it names the second.
    const first = new URL(page.url()).searchParams.get('run')
    await submitDefaultRun(page)
    await page.waitForFunction((id) => new URL(location.href).searchParams.get('run') !== id, first, { timeout: 15000 })
    await waitForTerminal(page, runTimeoutMs)
    const history = page.getByTestId('history-card')
    const today = new Date().toISOString().slice(0, 10)
    const filtered = page.waitForResponse(
      (r) => r.url().includes('/model-selection/runs?') && r.url().includes(`created_from=${today}`) && r.url().includes(`created_to=${today}`),
      { timeout: 15000 },
    )
    await history.getByLabel('Created from').fill(today)
    await history.getByLabel('Created to').fill(today)
    const answer = await filtered
    if (!answer.ok()) throw new Error(`the filtered history answered ${answer.status()}`)
    const rows = history.getByTestId('history-row')
    await expectVisible(rows.nth(1), 'two runs in the filtered history')
    if (!(await history.getByTestId('history-pair').first().textContent())?.includes('S001')) {
      throw new Error('the history does not name the store by its code')
    }
    await rows.nth(0).getByRole('checkbox').check()
    await rows.nth(1).getByRole('checkbox').check()
    const compare = history.getByRole('button', { name: /Compare/ })
    await compare.click()
    await page.waitForURL(/[?&]compare=[0-9a-f]{32}(,|%2C)[0-9a-f]{32}/, { timeout: 5000 })
    const dialog = page.getByRole('dialog', { name: 'Compare runs' })
    await expectVisible(dialog.getByRole('table', { name: 'Rankings compared by model' }), 'compared rankings')
    await screenshot('history-compare.png')
    await expectAccessible(page, 'the run comparison')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    if (!(await compare.evaluate((el) => el === document.activeElement))) throw new Error('closing the comparison did not return focus to Compare')
  },

  /** The API reference at /docs renders the served OpenAPI document under the gateway's CSP. */
  async apidocs({ page, baseUrl }) {
    await page.goto(`${baseUrl}/docs`, { waitUntil: 'domcontentloaded' })
    await expectVisible(page.locator('.opblock').first(), 'an operation in the API reference', 30000)
    const operations = await page.locator('.opblock').count()
    if (operations < 10) throw new Error(`the API reference shows ${operations} operations`)
    await expectVisible(page.getByText('/model-selection/runs').first(), 'the runs route')
  },
}
