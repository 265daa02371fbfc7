// A mini-program for the wallet tests: the js-sdk's EIP-1193 provider and wallet helpers, exposed to
// Playwright. Every call resolves with a plain outcome (result or error code) so the test can assert
// on codes across the page boundary; provider events and txStatus are recorded in order.
import { ready } from '@chainless/js-sdk'
import * as wallet from '@chainless/js-sdk/wallet'

/** What a call answered, as plain JSON. */
export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; code?: number; message: string; data?: unknown }

async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, result: JSON.parse(JSON.stringify((await run()) ?? null)) }
  } catch (error) {
    const e = error as { code?: number; message?: string; data?: unknown }
    return {
      ok: false,
      ...(typeof e.code === 'number' ? { code: e.code } : {}),
      message: String(e.message ?? error),
      ...(e.data === undefined ? {} : { data: JSON.parse(JSON.stringify(e.data)) }),
    }
  }
}

const provider = wallet.getProvider()
// `at`: wall-clock ms (timeOrigin + now), comparable with the wallet page's clock (bench/tx-latency.js).
const at = () => performance.timeOrigin + performance.now()
const events: { event: string; data: unknown; at: number }[] = []
for (const event of ['accountsChanged', 'chainChanged', 'connect', 'disconnect'] as const) {
  provider.on(event, (data: unknown) =>
    events.push({ event, data: JSON.parse(JSON.stringify(data ?? null)), at: at() }),
  )
}
wallet.onTxStatus((status) =>
  events.push({ event: 'txStatus', data: JSON.parse(JSON.stringify(status)), at: at() }),
)

const dapp = {
  events,
  request: (method: string, params?: unknown) =>
    outcome(() => provider.request(params === undefined ? { method } : { method, params: params as never })),
  pay: (args: { to: string; amount: string; token?: string }, wait = true) =>
    outcome(() => wallet.pay(args, { wait })),
  signTransaction: (tx: Record<string, unknown>) => outcome(() => wallet.signTransaction(tx as never)),
  broadcast: (raw: string) => outcome(() => wallet.broadcast(raw)),
  waitForTransaction: (hash: string, timeoutMs = 30_000) =>
    outcome(() => wallet.waitForTransaction(hash, { timeoutMs })),
}
declare global {
  interface Window {
    dapp: typeof dapp
  }
}
window.dapp = dapp
void ready().then(() => {
  document.documentElement.dataset.ready = 'true'
})
