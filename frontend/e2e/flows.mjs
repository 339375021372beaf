// The e2e flows. Each takes { page, baseUrl, screenshot, runTimeoutMs } and throws on failure.
// Selectors are roles, labels and data-testid attributes that the components promise.

const TERMINAL = ['completed', 'partial', 'failed', 'cancelled']

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

async function choosePair(page, baseUrl, store = 'S001', product = 'SKU-0001') {
  await page.goto(baseUrl, { waitUntil: 'networkidle' })
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
  /** Works against today's backend: catalog search, availability, sparkline, theme. */
  async catalog({ page, baseUrl, screenshot }) {
    const status = await choosePair(page, baseUrl)
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
    await page.getByTestId('theme-toggle').click()
    await screenshot('setup-dark.png')
    await page.getByTestId('theme-toggle').click()
  },

  /** Pick a pair, run the default comparison, watch progress, see the winner, charts, drawer. */
  async run({ page, baseUrl, screenshot, runTimeoutMs }) {
    await choosePair(page, baseUrl)
    await submitDefaultRun(page)
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
    await screenshot('run-results.png')
    // Keyboard: focus the first ranking row and press Enter.
    const row = page.getByTestId('ranking-row').first()
    await row.focus()
    await page.keyboard.press('Enter')
    await expectVisible(page.getByTestId('model-drawer'), 'model drawer')
    await screenshot('model-drawer.png')
    await page.keyboard.press('Escape')
    await page.getByTestId('model-drawer').waitFor({ state: 'hidden' })
  },

  /** A shared ?run= link shows the same run after a reload. */
  async reload({ page, baseUrl, runTimeoutMs }) {
    await choosePair(page, baseUrl)
    await submitDefaultRun(page)
    const url = page.url()
    const id = new URL(url).searchParams.get('run')
    await page.reload({ waitUntil: 'networkidle' })
    await expectVisible(page.getByTestId('progress-panel'), 'progress panel after reload')
    if (!(await page.getByText(id).count())) throw new Error('run id not shown after reload')
    await waitForTerminal(page, runTimeoutMs)
    const fresh = await page.context().newPage()
    await fresh.goto(url, { waitUntil: 'networkidle' })
    await expectVisible(fresh.getByTestId('run-status'), 'run status in a fresh tab')
    await fresh.close()
  },

  /** Start a long comparison and cancel it mid-run; the outcome is shown, never swallowed. */
  async cancel({ page, baseUrl, screenshot, runTimeoutMs }) {
    await choosePair(page, baseUrl)
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
}
