import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

const chromium = process.env.PASIDSCOPE_CHROMIUM || '/usr/bin/chromium';
// Several checkouts on one machine each serve their own build: PASIDSCOPE_E2E_PORT keeps them apart.
const port = Number(process.env.PASIDSCOPE_E2E_PORT) || 4173;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1600, height: 1000 },
    // The room's theme; the light theme's tests ask for a light system themselves.
    colorScheme: 'dark',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${port}`,
    // Never reuse a server: another checkout's build on the same port would be tested silently.
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
