import { test as base } from '@playwright/test'
import { startBridgeSites } from './bridge-sites.js'

/** The wallet and app origins of one worker. */
export type Sites = Awaited<ReturnType<typeof startBridgeSites>>

/** Playwright's `test` with the bridge sites (wallet page, apps on `*.localhost`) started once per worker. */
export const test = base.extend<object, { sites: Sites }>({
  sites: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
    async ({}, use) => {
      const sites = await startBridgeSites()
      await use(sites)
      await sites.close()
    },
    { scope: 'worker' },
  ],
})
