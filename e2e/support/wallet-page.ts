// Driving the demo wallet like a user: open it, open an app from the catalog, decide its sheets with the
// real ui-kit buttons (primary actions arm after 500 ms), and call the test dapp's provider.
import { expect, type Frame, type Locator, type Page } from '@playwright/test'
import { frameOf } from './chromium.js'
import type { WalletSandbox } from './wallet-sandbox.js'

/** A call's answer from the test dapp page (`e2e/pages/wallet-dapp.ts`). */
export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; code?: number; message: string; data?: unknown }

/** Opens the demo wallet and waits until its catalog and panels are up. */
export async function openWallet(page: Page, sandbox: WalletSandbox): Promise<void> {
  await page.goto(sandbox.walletUrl)
  await page.waitForFunction(() => document.documentElement.dataset.walletReady === 'true')
}

/** Opens an app from the catalog (accepting the first-use notice) and answers its frame once ready. */
export async function openApp(
  page: Page,
  sandbox: WalletSandbox,
  appId: string,
  ready = `document.documentElement.dataset.ready === 'true' || document.documentElement.dataset.lib === 'ready'`,
): Promise<Frame> {
  await page.fill('#search', '')
  const open = page.locator(`#catalog li[data-app-id="${appId}"] button`)
  await expect(open).toBeVisible()
  await open.click()
  const notice = page.getByRole('dialog', { name: 'Before you start' })
  // The notice shows on first use only (per browser context); the loser of the race is settled too.
  const shown = await Promise.race([
    notice.waitFor({ state: 'visible', timeout: 5000 }).then(
      () => 'notice',
      () => 'none',
    ),
    page
      .locator('#app-container iframe')
      .waitFor({ state: 'attached', timeout: 5000 })
      .then(
        () => 'frame',
        () => 'none',
      ),
  ])
  if (shown === 'notice') await notice.getByRole('button', { name: 'Continue' }).click()
  const frame = await frameOf(page, sandbox.origin(appId))
  await frame.waitForFunction(ready, undefined, { timeout: 15_000 })
  return frame
}

/** The sheet on top (the last open dialog that is not the first-use notice). */
export function sheet(page: Page): Locator {
  return page.locator('dialog[open]').last()
}

const PRIMARY = /^(Allow|Sign|Confirm|Pay|Send|Share|Connect|Approve)$/
const SECONDARY = /^(Reject|Deny|Cancel|Don't share)$/

/**
 * Approves the sheet on top with its primary button, once armed; `acknowledge` ticks every danger's
 * "I understand this risk" first. Answers the sheet's text (for assertions on what was shown).
 */
export async function approve(page: Page, options: { acknowledge?: boolean } = {}): Promise<string> {
  const dialog = sheet(page)
  await expect(dialog).toBeVisible()
  const text = (await dialog.innerText()).trim()
  if (options.acknowledge) {
    for (const box of await dialog.getByRole('checkbox', { name: 'I understand this risk' }).all())
      await box.check()
  }
  const button = dialog.getByRole('button', { name: PRIMARY }).last()
  await expect(button).toBeVisible()
  // Primary actions arm 500 ms after the sheet opens (ui-kit): a click before that is ignored.
  await expect(button).not.toHaveAttribute('aria-disabled', 'true')
  await expect(button).toBeEnabled()
  await button.click()
  return text
}

/** Rejects the sheet on top with its secondary button (Reject / Deny / Cancel). */
export async function reject(page: Page): Promise<string> {
  const dialog = sheet(page)
  await expect(dialog).toBeVisible()
  const text = (await dialog.innerText()).trim()
  await dialog.getByRole('button', { name: SECONDARY }).first().click()
  return text
}

/** Starts an EIP-1193 request in the test dapp; await it after deciding the sheet it opens. */
export function request(frame: Frame, method: string, params?: unknown): Promise<Outcome> {
  return frame.evaluate(([m, p]) => (window as DappWindow).dapp.request(m as string, p), [
    method,
    params,
  ] as const)
}

/** Connects the test dapp: `eth_requestAccounts`, every offered scope allowed. Answers the address. */
export async function connect(page: Page, frame: Frame): Promise<string> {
  const pending = request(frame, 'eth_requestAccounts')
  await approve(page)
  const outcome = await pending
  expect(outcome).toMatchObject({ ok: true })
  const [address] = (outcome as { result: string[] }).result
  expect(address).toMatch(/^0x[0-9a-fA-F]{40}$/)
  return address!
}

/** Fails fast when a sheet opens (bad input must be refused before the user is asked). */
export async function expectNoSheet(page: Page): Promise<void> {
  await expect(page.locator('dialog[open]')).toHaveCount(0)
}

/** What the test dapp page puts on `window.dapp`. */
export interface DappApi {
  events: { event: string; data: unknown; at: number }[]
  request(method: string, params?: unknown): Promise<Outcome>
  pay(args: { to: string; amount: string; token?: string }, wait?: boolean): Promise<Outcome>
  signTransaction(tx: Record<string, unknown>): Promise<Outcome>
  broadcast(raw: string): Promise<Outcome>
  waitForTransaction(hash: string, timeoutMs?: number): Promise<Outcome>
}

type DappWindow = Window & { dapp: DappApi }

/** Starts `pay()` in the test dapp. */
export function pay(frame: Frame, args: { to: string; amount: string; token?: string }, wait = true) {
  return frame.evaluate(([a, w]) => (window as DappWindow).dapp.pay(a, w), [args, wait] as const)
}

/** Starts `signTransaction()` in the test dapp. */
export function signTransaction(frame: Frame, tx: Record<string, unknown>) {
  return frame.evaluate((t) => (window as DappWindow).dapp.signTransaction(t), tx)
}

/** `broadcast(raw)` in the test dapp. */
export function broadcast(frame: Frame, raw: string) {
  return frame.evaluate((r) => (window as DappWindow).dapp.broadcast(r), raw)
}

/** `waitForTransaction(hash)` in the test dapp. */
export function waitForTransaction(frame: Frame, hash: string, timeoutMs = 30_000) {
  return frame.evaluate(([h, t]) => (window as DappWindow).dapp.waitForTransaction(h, t), [
    hash,
    timeoutMs,
  ] as const)
}

/** The provider events and txStatus events the test dapp received, in order. */
export function events(frame: Frame) {
  return frame.evaluate(() => (window as DappWindow).dapp.events)
}
