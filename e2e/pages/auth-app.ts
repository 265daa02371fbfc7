// A mini-program for the auth tests (declares user:basic and user:phone only): the js-sdk auth entry
// exposed to Playwright. Every call resolves with a plain outcome (result or error code) so the test
// can assert on codes across the page boundary; host events (authRevoked, accountsChanged) are recorded.
import { on, ready } from '@chainless/js-sdk'
import { authorize, getAccessToken, logout } from '@chainless/js-sdk/auth'

/** What a call answered, as plain JSON. */
export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; code?: number | string; name?: string; reason?: string; message: string; data?: unknown }

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, result: JSON.parse(JSON.stringify((await run()) ?? null)) }
  } catch (error) {
    const e = error as {
      code?: number | string
      name?: string
      reason?: string
      message?: string
      data?: unknown
    }
    return {
      ok: false,
      ...(e.code === undefined ? {} : { code: e.code }),
      // StateMismatchError has no bridge code: its name and reason say what it is.
      ...(typeof e.name === 'string' ? { name: e.name } : {}),
      ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
      message: String(e.message ?? error),
      ...(e.data === undefined ? {} : { data: JSON.parse(JSON.stringify(e.data)) }),
    }
  }
}

const events: { event: string; data: unknown }[] = []
for (const event of ['authRevoked', 'accountsChanged'] as const) {
  on(event, (data: unknown) => events.push({ event, data: JSON.parse(JSON.stringify(data ?? null)) }))
}

const authApp = {
  events,
  // Scopes pass through unchecked: the tests ask for undeclared ones on purpose.
  authorize: (scope: string[]) => outcome(() => authorize({ scope: scope as never })),
  getAccessToken: (scope?: string[]) =>
    outcome(() => getAccessToken(scope ? { scope: scope as never } : undefined)),
  logout: () => outcome(() => logout()),
}
declare global {
  interface Window {
    authApp: typeof authApp
  }
}
window.authApp = authApp
void ready().then(() => {
  document.documentElement.dataset.ready = 'true'
})
