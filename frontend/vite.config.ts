/// <reference types="vitest/config" />
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, URL } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

// The API reference page (public/docs/index.html, served at /docs) renders the gateway's
// /openapi.json with Swagger UI: its files are copied from swagger-ui-dist into dist/docs.
function swaggerUi(): Plugin {
  const require = createRequire(import.meta.url)
  return {
    name: 'champion-swagger-ui',
    apply: 'build',
    writeBundle(options) {
      const from = dirname(require.resolve('swagger-ui-dist/package.json'))
      const to = join(options.dir ?? 'dist', 'docs')
      mkdirSync(to, { recursive: true })
      for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
        copyFileSync(join(from, file), join(to, file))
      }
    },
  }
}

// The dashboard is served by the api-gateway (same origin). `npm run dev` proxies the REST
// paths to a running gateway (CHAMPION_API_URL, default the local stack on :8080).
const api = process.env.CHAMPION_API_URL ?? 'http://127.0.0.1:8080'
const proxied = ['/openapi.json', '/whoami', '/stores', '/products', '/sales', '/model-selection']

export default defineConfig({
  plugins: [react(), tailwindcss(), swaggerUi()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: api, changeOrigin: false }])),
  },
  build: {
    rolldownOptions: {
      output: {
        // The charts (recharts and its d3/redux dependencies) are loaded on demand (React.lazy);
        // the libraries the first paint needs are split from the app code so a dashboard change
        // does not invalidate them in the browser cache.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'], priority: 2 },
            // recharts with its dependencies (d3, redux, ...), except those already in the
            // chunks above (the lower priority keeps a shared package like clsx out of it).
            { name: 'charts', test: /node_modules[\\/]recharts[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    testTimeout: 15000,
  },
})
