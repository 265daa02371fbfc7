import { defineConfig } from '@playwright/test'

import { chromiumArgs, chromiumPath } from './support/chromium.js'

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'off',
  },
  projects: [
    { name: 'flows', testIgnore: /flood\.spec\.ts$/ },
    // The floods measure another app's latency on a 2-core machine: they run alone, after the rest,
    // so no other test's Chromium competes for the cores they measure.
    { name: 'floods', testMatch: /flood\.spec\.ts$/, dependencies: ['flows'] },
  ],
})
