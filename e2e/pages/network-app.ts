// A mini-program for e2e/network.spec.ts: the js-sdk network entry exposed to Playwright. The test
// passes the platform's base URL (the app does not know it) and gets plain JSON back: the answer, or the
// typed error's fields, and the retries the module made (with their waits).
import { ready } from '@chainless/js-sdk'
import { login } from '@chainless/js-sdk/auth'
import { createFetch, NetworkError, PlatformError } from '@chainless/js-sdk/network'

/** One request through the network module. */
export interface NetCall {
  baseUrl: string
  path: string
  retries?: number
  maxDelayMs?: number
  /** false: send no access token. */
  token?: boolean
}

/** What a request answered, as plain JSON. */
export type NetOutcome = {
  retries: { retry: number; delayMs: number; status?: number }[]
  elapsedMs: number
} & (
  | { ok: true; status: number; body: unknown }
  | {
      ok: false
      name: string
      code?: string | number
      status?: number
      requestId?: string
      retryAfterMs?: number
      message: string
    }
)

/** Retries seen by the call in progress (the test polls it to flip knobs between attempts). */
const live: NetOutcome['retries'] = []

async function request(call: NetCall): Promise<NetOutcome> {
  live.length = 0
  const started = performance.now()
  const api = createFetch({
    baseUrl: call.baseUrl,
    retries: call.retries ?? 2,
    maxDelayMs: call.maxDelayMs ?? 10_000,
    ...(call.token === false ? { getAccessToken: false as const } : {}),
    onRetry: ({ retry, delayMs, reason }) =>
      live.push({ retry, delayMs, ...(reason instanceof Response ? { status: reason.status } : {}) }),
  })
  const done = () => ({ retries: [...live], elapsedMs: Math.round(performance.now() - started) })
  try {
    const response = await api(call.path)
    return { ok: true, status: response.status, body: await response.json(), ...done() }
  } catch (error) {
    const e = error as Partial<PlatformError> & Error
    return {
      ok: false,
      name:
        error instanceof PlatformError
          ? 'PlatformError'
          : error instanceof NetworkError
            ? 'NetworkError'
            : e.name,
      ...(e.code === undefined ? {} : { code: e.code }),
      ...(e.status === undefined ? {} : { status: e.status }),
      ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
      ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
      message: String(e.message),
      ...done(),
    }
  }
}

const networkApp = {
  live,
  login: async () => {
    const { scope } = await login({ scope: 'user:basic' })
    return [...scope]
  },
  request,
}
declare global {
  interface Window {
    networkApp: typeof networkApp
  }
}
window.networkApp = networkApp
void ready().then(() => {
  document.documentElement.dataset.ready = 'true'
})
