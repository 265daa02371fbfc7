// ethers, viem and @wagmi/core from INSIDE a mini-program, unchanged, over the js-sdk's EIP-1193
// provider (wagmi finding it by EIP-6963), against the real sandbox chain. Each sheet is decided with
// the wallet's real buttons.
import type { Frame } from '@playwright/test'
import { verifyMessage } from 'ethers'
import { approve, openApp, openWallet } from './support/wallet-page.js'
import { expect, test } from './support/wallet-test.js'

test.describe.configure({ timeout: 90_000 })

const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
type StepOutcome = { ok: true; result: unknown } | { ok: false; code?: number; message: string }

/** Runs a library page's step (`window.lib[name](...args)`); await it after deciding the sheet. */
function step(frame: Frame, name: string, ...args: unknown[]): Promise<StepOutcome> {
  return frame.evaluate(
    ([n, a]) =>
      (window as unknown as { lib: Record<string, (...x: unknown[]) => Promise<StepOutcome>> }).lib[
        n as string
      ]!(...(a as unknown[])),
    [name, args] as const,
  )
}

async function ok<T>(outcome: Promise<StepOutcome>): Promise<T> {
  const done = await outcome
  if (!done.ok) throw new Error(`step failed: ${done.code} ${done.message}`)
  return done.result as T
}

test('ethers 6 BrowserProvider: getSigner, signMessage, sendTransaction', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'ethers-app')
  const account = wallet.sandbox.chain.accounts[0]!.address
  const connecting = step(frame, 'connect')
  await approve(page)
  expect(await ok(connecting)).toBe(account)
  expect(await ok(step(frame, 'chainId'))).toBe(String(wallet.sandbox.chain.chainId))

  const signing = step(frame, 'signMessage', 'from ethers')
  await approve(page)
  const signed = await ok<{ signature: string; recovered: string }>(signing)
  expect(signed.recovered).toBe(account)
  expect(verifyMessage('from ethers', signed.signature)).toBe(account)

  const sending = step(frame, 'sendTransaction', BOB, '1000')
  await approve(page)
  expect(await ok(sending)).toMatchObject({ status: 1, from: account })
})

test('viem 2: createWalletClient(custom(provider)) + createPublicClient', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'viem-app')
  const account = wallet.sandbox.chain.accounts[0]!.address
  const connecting = step(frame, 'connect')
  await approve(page)
  expect(await ok(connecting)).toBe(account)
  expect(await ok(step(frame, 'chainId'))).toBe(String(wallet.sandbox.chain.chainId))

  const signing = step(frame, 'signMessage', 'from viem')
  await approve(page)
  const signed = await ok<{ signature: string; valid: boolean }>(signing)
  expect(signed.valid).toBe(true)
  expect(verifyMessage('from viem', signed.signature)).toBe(account)

  const sending = step(frame, 'sendTransaction', BOB, '1000')
  await approve(page)
  expect(await ok(sending)).toMatchObject({ status: 'success', from: account.toLowerCase() })
})

test('@wagmi/core 3: EIP-6963 discovery beside injected(), connect, getAccount, signMessage, sendTransaction', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'wagmi-app')
  const account = wallet.sandbox.chain.accounts[0]!.address
  const connectors = await ok<{ id: string; name: string }[]>(step(frame, 'connectors'))
  expect(connectors).toContainEqual(expect.objectContaining({ id: 'io.chainless.wallet', name: 'Chainless' }))
  expect(connectors.map((c) => c.id)).toContain('chainless-injected')

  const connecting = step(frame, 'connect')
  await approve(page)
  expect(await ok(connecting)).toMatchObject({
    accounts: [account],
    address: account,
    status: 'connected',
    chainId: wallet.sandbox.chain.chainId,
  })

  const signing = step(frame, 'signMessage', 'from wagmi')
  await approve(page)
  expect(verifyMessage('from wagmi', await ok<string>(signing))).toBe(account)

  const sending = step(frame, 'sendTransaction', BOB, '1000')
  await approve(page)
  expect(await ok(sending)).toMatchObject({ status: 'success', from: account.toLowerCase() })
})

test('a rejected sheet reaches each library as EIP-1193 4001', async ({ page, wallet }) => {
  await openWallet(page, wallet)
  for (const appId of ['ethers-app', 'viem-app'] as const) {
    const frame = await openApp(page, wallet, appId)
    const connecting = step(frame, 'connect')
    await page
      .locator('dialog[open]')
      .last()
      .getByRole('button', { name: /^(Deny|Reject)$/ })
      .click()
    const outcome = await connecting
    expect(outcome.ok, appId).toBe(false)
    // ethers names it ACTION_REJECTED and keeps the code on `info.error`; viem keeps it on the error.
    expect(JSON.stringify(outcome), appId).toMatch(/4001|rejected/i)
    await page.click('#close-app')
  }
})
