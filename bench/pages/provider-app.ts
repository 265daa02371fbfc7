// The mini-program of the provider-overhead benchmark (served at `app.localhost`): the same request,
// `eth_chainId`, through the EIP-1193 provider and through a direct bridge call, interleaved.
import { call, ready } from '@chainless/js-sdk'
import { getProvider } from '@chainless/js-sdk/wallet'

const provider = getProvider()
const kinds = {
  provider: () => provider.request({ method: 'eth_chainId' }),
  direct: () => call('walletRequest', { method: 'eth_chainId' }),
}
type Kind = keyof typeof kinds

async function sequential(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const latencies = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn()
    latencies[i] = performance.now() - t0
  }
  return latencies
}

const benchProvider = {
  /** `n` sequential round trips per kind in `rounds` interleaved blocks (first kind rotates), after `warmup` each. */
  async roundTrips(n: number, rounds: number, warmup: number) {
    const names = Object.keys(kinds) as Kind[]
    const samples: Record<Kind, number[]> = { provider: [], direct: [] }
    for (const name of names) await sequential(kinds[name], warmup)
    const block = Math.ceil(n / rounds)
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length]!
        samples[name].push(...(await sequential(kinds[name], block)))
      }
    }
    return { samples, crossOriginIsolated }
  },
}

declare global {
  interface Window {
    benchProvider: typeof benchProvider
  }
}
window.benchProvider = benchProvider
void ready().then(() => {
  document.documentElement.dataset.ready = 'true'
})
