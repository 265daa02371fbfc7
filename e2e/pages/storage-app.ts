// A mini-program for e2e/storage.spec.ts: the js-sdk storage entry exposed to Playwright. Every call
// resolves with a plain outcome (result, or error name / code / data) to assert on across the page.
import { ready } from '@chainless/js-sdk'
import * as storage from '@chainless/js-sdk/storage'

/** What a call answered, as plain JSON. */
export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; name: string; code?: number; message: string; data?: unknown }

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = await run()
    return { ok: true, result: result === undefined ? '(undefined)' : JSON.parse(JSON.stringify(result)) }
  } catch (error) {
    const e = error as { name?: string; code?: number; message?: string; data?: unknown }
    return {
      ok: false,
      name: String(e.name),
      ...(e.code === undefined ? {} : { code: e.code }),
      message: String(e.message ?? error),
      ...(e.data === undefined ? {} : { data: JSON.parse(JSON.stringify(e.data)) }),
      ...(error instanceof storage.QuotaExceededError ? { quotaError: true } : {}),
    }
  }
}

const storageApp = {
  get: (key: string) => outcome(() => storage.get(key)),
  set: (key: string, value: storage.StorageValue) => outcome(() => storage.set(key, value)),
  remove: (key: string) => outcome(() => storage.remove(key)),
  delete: (key: string) => outcome(() => storage.delete(key)),
  keys: (prefix?: string) => outcome(() => storage.keys(prefix === undefined ? {} : { prefix })),
  clear: () => outcome(() => storage.clear()),
}
declare global {
  interface Window {
    storageApp: typeof storageApp
  }
}
window.storageApp = storageApp
void ready().then(() => {
  document.documentElement.dataset.ready = 'true'
})
