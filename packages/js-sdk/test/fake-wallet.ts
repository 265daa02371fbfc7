// A fake wallet on top of the fake host: answers `walletRequest` / `walletPay` on the private port
// with a handler the test gives, so the wallet entry runs against something that behaves like the
// runtime host (same wire format, typed errors as payloads).
import { toErrorPayload } from '@chainless/protocol'
import { vi } from 'vitest'
import { type FakeHost, type HostPort, installFakeHost } from './fake-host.js'

/** Capabilities of a host that serves the wallet. */
export const WALLET_CAPABILITIES = [
  'ready',
  'close',
  'setBackButton',
  'getContext',
  'ping',
  'walletRequest',
  'walletPay',
]

/** What the fake wallet answers: a value (or a promise of one), or a thrown BridgeError. */
export type Answer = (method: string, params: unknown) => unknown

/** Everything a wallet test needs. */
export interface WalletHarness {
  host: FakeHost
  port: HostPort
  sdk: typeof import('../src/index.js')
  wallet: typeof import('../src/wallet/index.js')
  /** Every call the SDK made on the port: bridge method and its params. */
  calls: { method: string; params: unknown }[]
  /** Pushes a host event to the app. */
  event(event: string, data: unknown): void
  /** Swaps the answer function. */
  answer: { current: Answer }
}

/** Default answers: the chain id of the dev chain, no accounts. */
export const defaultAnswer: Answer = (method) => {
  if (method === 'eth_chainId') return '0xc1a1'
  if (method === 'eth_accounts') return []
  return null
}

/**
 * A fresh SDK (module state reset) and wallet entry, connected to a fake host that serves the wallet.
 * `walletRequest` goes to `answer(method, params)`, `walletPay` to `answer('walletPay', params)`.
 */
export async function connectedWallet(
  answer: Answer = defaultAnswer,
  { connect = true }: { connect?: boolean } = {},
): Promise<WalletHarness> {
  const host = installFakeHost()
  vi.resetModules()
  const sdk = await import('../src/index.js')
  const wallet = await import('../src/wallet/index.js')
  const calls: WalletHarness['calls'] = []
  const current = { current: answer }
  const harness = { host, sdk, wallet, calls, answer: current } as WalletHarness
  if (!connect) return harness
  const ready = sdk.ready()
  const port = host.welcome({ capabilities: WALLET_CAPABILITIES })
  harness.port = port
  harness.event = (event, data) => port.post({ type: 'chainless:event', event, data })
  serve(port, calls, current)
  await ready
  return harness
}

/** Answers every call on `port` until it closes. */
export function serve(port: HostPort, calls: WalletHarness['calls'], answer: { current: Answer }): void {
  void (async () => {
    for (;;) {
      const message = await port.next()
      const id = message.id
      const method = (message.path as string[])[0]!
      const params = (message.argumentList as { value: unknown }[])[0]?.value
      calls.push({ method, params })
      const reply = async () => {
        if (method === 'walletRequest') {
          const request = params as { method: string; params?: unknown }
          return answer.current(request.method, request.params)
        }
        if (method === 'walletPay') return answer.current('walletPay', params)
        return null
      }
      reply().then(
        (value) => port.post({ id, type: 'RAW', value }),
        (error: unknown) =>
          port.post({
            id,
            type: 'HANDLER',
            name: 'throw',
            value: { isError: true, value: toErrorPayload(error) },
          }),
      )
    }
  })()
}
