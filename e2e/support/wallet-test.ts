import { test as base } from '@playwright/test'
import { startWalletSandbox, type WalletSandbox } from './wallet-sandbox.js'

/** Playwright's `test` with the wallet sandbox (chain, platform, demo wallet, test apps) once per worker. */
export const test = base.extend<object, { wallet: WalletSandbox }>({
  wallet: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
    async ({}, use) => {
      const wallet = await startWalletSandbox()
      await use(wallet)
      await wallet.close()
    },
    { scope: 'worker', timeout: 120_000 },
  ],
})
export { expect } from '@playwright/test'
