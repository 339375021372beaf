/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The dashboard is served by the api-gateway (same origin). `npm run dev` proxies the REST
// paths to a running gateway (CHAMPION_API_URL, default the local stack on :8080).
const api = process.env.CHAMPION_API_URL ?? 'http://127.0.0.1:8080'
const proxied = ['/stores', '/products', '/sales', '/model-selection']

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: api, changeOrigin: false }])),
  },
  build: {
    // recharts alone is ~400 kB; one page app, so a single chunk is fine.
    chunkSizeWarningLimit: 1200,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    testTimeout: 15000,
  },
})
