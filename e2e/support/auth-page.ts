// Driving the auth test app (`e2e/pages/auth-app.ts`) and redeeming its codes from the test process
// as the app's back end would (confidential client: appId + app key).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSandbox } from '@chainless/sandbox'
import { expect, type Frame, type Page } from '@playwright/test'
import { bundle } from './bundle.js'
import type { WalletSandbox } from './wallet-sandbox.js'

/** A call's answer from the auth test app (OAuth errors carry a string code). */
export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; code?: number | string; name?: string; reason?: string; message: string; data?: unknown }

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

/** Calls `logout()` in the auth test app. */
export function logoutIn(frame: Frame): Promise<Outcome> {
  return frame.evaluate(() => (window as unknown as AuthWindow).authApp.logout())
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

/** The platform's clock of {@link startClockedAuthSandbox}: `skewMs` ahead of the real one. */
export interface PlatformClock {
  skewMs: number
}

/**
 * A sandbox of its own (free ports, fresh store) serving only the auth test app, whose platform clock
 * runs `clock.skewMs` ahead of the real one (`startSandbox({ now })`): a test ages a 60 s code by
 * moving the clock instead of waiting. Shaped like the worker's {@link WalletSandbox} so the wallet
 * helpers drive it unchanged. Close it in the test.
 */
export async function startClockedAuthSandbox(clock: PlatformClock): Promise<WalletSandbox> {
  const root = mkdtempSync(join(tmpdir(), 'chainless-auth-clock-'))
  try {
    const dir = join(root, 'apps', 'auth-app')
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><head><meta charset="utf-8"><title>auth-app</title></head><body><h1>auth-app</h1><script type="module" src="./app.js"></script></body></html>',
    )
    writeFileSync(join(dir, 'app.js'), await bundle(new URL('../pages/auth-app.ts', import.meta.url)))
    const sandbox = await startSandbox({
      ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
      dataDir: join(root, 'data'),
      reset: true,
      apps: [{ appId: 'auth-app', dir, name: 'auth-app', scopes: ['user:basic', 'user:phone'] }],
      now: () => Date.now() + clock.skewMs,
    })
    return {
      sandbox,
      walletUrl: sandbox.urls.wallet,
      origin: (appId) => sandbox.appOrigin(appId),
      chain: () => Promise.reject(new Error('not used by the auth tests')),
      async close() {
        await sandbox.close()
        rmSync(root, { recursive: true, force: true })
      },
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true })
    throw error
  }
}

/**
 * Makes the wallet page a hostile host for `authAuthorize`: every bridge reply it sends that carries a
 * `{ code, state }` answer goes out with another state (what a confused or malicious host, or a reply
 * meant for another request, looks like to the app). Everything else — consent, signature, the
 * platform's code — is real. Runs in the wallet's origin only (init scripts run in every frame);
 * `window.__forgedStates` counts the replies it changed, so a test can check the tamper happened.
 */
export async function forgeAuthorizeStates(page: Page, walletOrigin: string): Promise<void> {
  await page.addInitScript((origin) => {
    if (location.origin !== origin) return
    const w = window as unknown as { __forgedStates: number }
    w.__forgedStates = 0
    const send = MessagePort.prototype.postMessage
    MessagePort.prototype.postMessage = function (this: MessagePort, message: unknown, ...rest: unknown[]) {
      const m = message as { type?: unknown; value?: { code?: unknown; state?: unknown } } | null
      if (m?.type === 'RAW' && typeof m.value?.code === 'string' && typeof m.value.state === 'string') {
        w.__forgedStates++
        message = { ...m, value: { ...m.value, state: `forged-${m.value.state}` } }
      }
      // Same transfer list or options as the host gave.
      return Reflect.apply(send, this, [message, ...rest])
    } as typeof MessagePort.prototype.postMessage
  }, walletOrigin)
}

/** How many `authAuthorize` replies {@link forgeAuthorizeStates} changed on the wallet page. */
export function forgedStates(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __forgedStates?: number }).__forgedStates ?? 0)
}
