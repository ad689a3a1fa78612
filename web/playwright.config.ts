import { defineConfig } from '@playwright/test';

// The browser tests run Debian's Chromium (no browser download) against a running API that serves the dashboard:
// DEBUGD_DASHBOARD_URL, with the tokens the spec names. e2e's DemoCommandTest runs them against `bin/debugd demo`.
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/playwright',
  workers: 1,
  timeout: 90_000,
  reporter: [['list']],
  use: {
    baseURL: process.env.DEBUGD_DASHBOARD_URL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.DEBUGD_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
    },
  },
});
