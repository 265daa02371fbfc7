// Driving the auth test app (`e2e/pages/auth-app.ts`) and redeeming its codes from the test process
// as the app's back end would (confidential client: appId + app key).
import { expect, type Frame, type Page } from '@playwright/test'
import type { WalletSandbox } from './wallet-sandbox.js'

/** A call's answer from the auth test app (OAuth errors carry a string code). */
export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; code?: number | string; message: string; data?: unknown }

/** What `authorize()` answers in the page. */
export interface Authorization {
  code: string
  codeVerifier: string
  state: string
}

type AuthWindow = Window & {
  authApp: {
    events: { event: string; data: unknown }[]
    authorize(scope: string[]): Promise<Outcome>
    getAccessToken(scope?: string[]): Promise<Outcome>
    logout(): Promise<Outcome>
  }
}

/** Starts `authorize({ scope })` in the auth test app; await it after deciding the sheet(s). */
export function authorizeIn(frame: Frame, scope: string[]): Promise<Outcome> {
  return frame.evaluate((s) => (window as unknown as AuthWindow).authApp.authorize(s), scope)
}

/** Starts `getAccessToken({ scope })` in the auth test app. */
export function accessTokenIn(frame: Frame, scope?: string[]): Promise<Outcome> {
  return frame.evaluate(
    (s) => (window as unknown as AuthWindow).authApp.getAccessToken(s ?? undefined),
    scope ?? null,
  )
}

/** The host events (authRevoked, accountsChanged) the auth test app received, in order. */
export function authEvents(frame: Frame) {
  return frame.evaluate(() => (window as unknown as AuthWindow).authApp.events)
}

/** The app key the sandbox created for a test app (its client secret at the token endpoint). */
export function appKeyOf(sandbox: WalletSandbox, appId: string): string {
  const key = sandbox.sandbox.createdKeys.find((k) => k.appId === appId)?.appKey
  if (!key) throw new Error(`no key created for ${appId}`)
  return key
}

/** A raw `POST /oauth/token` (client_secret_post), for requests no standard client would send. */
export async function tokenRequest(
  sandbox: WalletSandbox,
  params: Record<string, string>,
): Promise<{ status: number; body: { error?: string; [k: string]: unknown } }> {
  const response = await fetch(`${sandbox.sandbox.urls.api}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  })
  return { status: response.status, body: (await response.json()) as { error?: string } }
}

/**
 * Every value in every IndexedDB database of the page's origin, as text (strings as they are, binary as
 * latin1 and hex): what an attacker reading the wallet origin's storage would see.
 */
export function dumpIndexedDb(frameOrPage: { evaluate: Frame['evaluate'] }): Promise<{
  databases: string[]
  text: string
}> {
  return frameOrPage.evaluate(async () => {
    const out: string[] = []
    const seen = (value: unknown): void => {
      if (value === null || value === undefined) return
      if (typeof value === 'string') out.push(value)
      else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value))
      else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
        const bytes =
          value instanceof ArrayBuffer
            ? new Uint8Array(value)
            : new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
        out.push(String.fromCharCode(...bytes))
        out.push(Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''))
      } else if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) {
        out.push(`[CryptoKey extractable=${value.extractable}]`)
      } else if (Array.isArray(value)) {
        for (const item of value) seen(item)
      } else if (value instanceof Map) {
        for (const [k, v] of value) {
          seen(k)
          seen(v)
        }
      } else if (typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          out.push(k)
          seen(v)
        }
      }
    }
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter(Boolean)
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open(name)
        open.onsuccess = () => ok(open.result)
        open.onerror = () => fail(open.error)
      })
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store, 'readonly')
        const [keys, values] = await Promise.all(
          [tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()].map(
            (req) =>
              new Promise<unknown[]>((ok, fail) => {
                req.onsuccess = () => ok(req.result as unknown[])
                req.onerror = () => fail(req.error)
              }),
          ),
        )
        seen(keys)
        seen(values)
      }
      db.close()
    }
    return { databases: names, text: out.join('\n') }
  })
}

/**
 * Presses "Continue" on a consent sheet that asks for phone or email (a second confirmation follows;
 * decide it with `approve`). The button arms 500 ms after the sheet shows, like every sheet's primary
 * action. Answers the sheet's text.
 */
export async function continueSheet(page: Page): Promise<string> {
  const dialog = page.locator('dialog[open]').last()
  await expect(dialog).toBeVisible()
  const button = dialog.getByRole('button', { name: 'Continue' })
  await expect(button).toBeVisible()
  await expect(button).not.toHaveAttribute('aria-disabled', 'true')
  await expect(button).toBeEnabled()
  const text = (await dialog.innerText()).trim()
  await button.click()
  return text
}
