// A fake wallet that serves the auth methods on top of the fake host: every call on the private port
// goes to a handler the test gives (same wire format and typed error payloads as the runtime host).
import { toErrorPayload } from '@chainless/protocol'
import { vi } from 'vitest'
import { type FakeHost, type HostPort, installFakeHost } from './fake-host.js'

/** Capabilities of a host that serves auth. */
export const AUTH_CAPABILITIES = [
  'ready',
  'close',
  'setBackButton',
  'getContext',
  'ping',
  'authAuthorize',
  'authGetAccessToken',
  'authLogout',
]

/** What the fake wallet answers for a bridge method: a value (or a promise), or a thrown BridgeError. */
export type AuthAnswer = (method: string, params: unknown) => unknown

/** Everything an auth test needs. */
export interface AuthHarness {
  host: FakeHost
  port: HostPort
  auth: typeof import('../src/auth/index.js')
  /** Every auth call the SDK made: bridge method and its params (`ready` left out). */
  calls: { method: string; params: unknown }[]
  /** Pushes a host event to the app. */
  event(event: string, data: unknown): void
  /** Swaps the answer function. */
  answer: { current: AuthAnswer }
}

/** A fresh SDK (module state reset) and auth entry, connected to a fake host that serves auth. */
export async function connectedAuth(answer: AuthAnswer = () => null): Promise<AuthHarness> {
  const host = installFakeHost()
  vi.resetModules()
  const sdk = await import('../src/index.js')
  const auth = await import('../src/auth/index.js')
  const calls: AuthHarness['calls'] = []
  const current = { current: answer }
  const ready = sdk.ready()
  const port = host.welcome({ capabilities: AUTH_CAPABILITIES })
  void (async () => {
    for (;;) {
      const message = await port.next()
      const method = (message.path as string[])[0]!
      const params = (message.argumentList as { value: unknown }[])[0]?.value
      if (method !== 'ready') calls.push({ method, params })
      Promise.resolve()
        .then(() => (method === 'ready' ? null : current.current(method, params)))
        .then(
          (value) => port.post({ id: message.id, type: 'RAW', value }),
          (error: unknown) =>
            port.post({
              id: message.id,
              type: 'HANDLER',
              name: 'throw',
              value: { isError: true, value: toErrorPayload(error) },
            }),
        )
    }
  })()
  await ready
  return {
    host,
    port,
    auth,
    calls,
    answer: current,
    event: (event, data) => port.post({ type: 'chainless:event', event, data }),
  }
}
