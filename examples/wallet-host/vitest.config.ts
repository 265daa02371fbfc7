// The demo wallet's unit tests (the root config runs packages/ only):
// npx vitest run -c examples/wallet-host/vitest.config.ts
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import root from '../../vitest.config.js'

export default defineConfig({
  ...root,
  root: fileURLToPath(new URL('../../', import.meta.url)),
  // Replaces the root's include (mergeConfig would add to it and run every package's tests).
  test: { ...root.test, include: ['examples/wallet-host/src/**/*.test.{ts,tsx}'] },
})
