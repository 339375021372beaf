// End-to-end flows for the dashboard, driving Debian's Chromium through playwright-core
// against a running stack (gateway + worker + PostgreSQL seeded with demo data).
//
//   CHAMPION_E2E_BASE_URL=http://127.0.0.1:8080 \
//   CHAMPION_E2E_TOKEN="$(cat ../.local/stack/dev-token)" npm run e2e
//
// Environment:
//   CHAMPION_E2E_BASE_URL     the gateway serving the built dashboard (required)
//   CHAMPION_E2E_TOKEN        an API token with every scope; each flow signs in with it (required)
//   CHAMPION_E2E_FLOWS        comma list of flows to run (default: all). "catalog" needs only the
//                             catalog + availability endpoints; the others need the run endpoints.
//   CHAMPION_E2E_SCREENSHOTS  where PNGs go (default ../docs/screenshots)
//   CHAMPION_E2E_CHROMIUM     browser binary (default /usr/bin/chromium)
//   CHAMPION_E2E_RUN_TIMEOUT  seconds to wait for a run to settle (default 180)
//   CHAMPION_E2E_HEADED=1     show the browser
// Exit code 0 only when every selected flow passed.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { flows } from './flows.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const baseUrl = process.env.CHAMPION_E2E_BASE_URL
if (!baseUrl) {
  console.error('CHAMPION_E2E_BASE_URL is not set (e.g. http://127.0.0.1:8080)')
  process.exit(2)
}
const token = (process.env.CHAMPION_E2E_TOKEN ?? '').trim()
if (!token) {
  console.error('CHAMPION_E2E_TOKEN is not set (the local stack writes one to .local/stack/dev-token)')
  process.exit(2)
}
const shots = resolve(process.env.CHAMPION_E2E_SCREENSHOTS ?? join(here, '../../docs/screenshots'))
const selected = (process.env.CHAMPION_E2E_FLOWS ?? Object.keys(flows).join(','))
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
const unknown = selected.filter((f) => !(f in flows))
if (unknown.length) {
  console.error(`unknown flow(s): ${unknown.join(', ')}; known: ${Object.keys(flows).join(', ')}`)
  process.exit(2)
}
mkdirSync(shots, { recursive: true })

const userDataDir = mkdtempSync(join(tmpdir(), 'champion-e2e-'))
const headless = process.env.CHAMPION_E2E_HEADED !== '1'
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHAMPION_E2E_CHROMIUM ?? '/usr/bin/chromium',
  headless,
  viewport: { width: 1440, height: 900 },
  args: [
    ...(headless ? ['--headless'] : []),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})

// The gateway's Content-Security-Policy must not block anything the dashboard does: report
// every violation as a console error, which fails the flow below.
await context.addInitScript(() => {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} (${e.sourceFile}:${e.lineNumber})`)
  })
})

let failed = 0
try {
  for (const name of selected) {
    const page = await context.newPage()
    const problems = []
    page.on('console', (msg) => {
      // Chrome logs every non-2xx fetch as "Failed to load resource"; answers are checked
      // through the response hook below instead.
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
        problems.push(`console error: ${msg.text()}`)
      }
    })
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
    page.on('response', (res) => {
      if (res.status() >= 500 && res.status() !== 501 && res.status() !== 504) {
        problems.push(`HTTP ${res.status()} from ${res.url()}`)
      }
    })
    const started = Date.now()
    const ctx = {
      page,
      baseUrl: baseUrl.replace(/\/$/, ''),
      token,
      screenshot: (file) => page.screenshot({ path: join(shots, file), fullPage: true }),
      runTimeoutMs: Number(process.env.CHAMPION_E2E_RUN_TIMEOUT ?? 180) * 1000,
    }
    try {
      await flows[name](ctx)
      if (problems.length) throw new Error(problems.join('\n'))
      console.log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
    } catch (e) {
      failed++
      console.log(`FAIL ${name}: ${e instanceof Error ? e.message : e}`)
      await page.screenshot({ path: join(shots, `failure-${name}.png`), fullPage: true }).catch(() => {})
    } finally {
      await page.close()
    }
  }
} finally {
  await context.close()
  rmSync(userDataDir, { recursive: true, force: true })
}
console.log(`${selected.length - failed} of ${selected.length} flows passed; screenshots in ${shots}`)
process.exit(failed ? 1 : 0)
