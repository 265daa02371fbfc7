// The mini-program of the round-trip benchmarks (served at `app.localhost`): connects with the real
// js-sdk, then measures, from inside its frame, bridge calls against a raw MessagePort echo.
import { call, ready } from '@chainless/js-sdk'

interface Reply {
  id: string
  type: string
  value: unknown
}

let echoPort: MessagePort | undefined
const pending = new Map<string, (reply: Reply) => void>()
let counter = 0

addEventListener('message', (event: MessageEvent) => {
  if (event.source !== parent || event.data?.type !== 'bench:echo-port' || !event.ports[0]) return
  echoPort = event.ports[0]
  echoPort.onmessage = (reply: MessageEvent<Reply>) => {
    const resolve = pending.get(reply.data.id)
    if (!resolve) return
    pending.delete(reply.data.id)
    resolve(reply.data)
  }
  parent.postMessage('bench:echo-ready', event.origin)
})

/**
 * The baseline call: the least a correlating client does on a raw port (an id, a pending entry,
 * the same message the bridge sends for `ping`), without timeout, guard, validation or comlink.
 */
function rawCall(): Promise<Reply> {
  return new Promise((resolve) => {
    const id = `${++counter}`
    pending.set(id, resolve)
    echoPort!.postMessage({ id, type: 'APPLY', path: ['ping'], argumentList: [] })
  })
}
const bridgeCall = () => call('ping', undefined)

async function sequential(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const latencies = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn()
    latencies[i] = performance.now() - t0
  }
  return latencies
}

async function concurrent(fn: () => Promise<unknown>, inFlight: number): Promise<number> {
  const t0 = performance.now()
  await Promise.all(Array.from({ length: inFlight }, fn))
  return performance.now() - t0
}

const benchApp = {
  /**
   * Sequential round trips, bridge and baseline interleaved in `rounds` blocks of `n / rounds` so
   * drift (CPU frequency, GC, the other core's load) hits both alike. `warmup` of each first.
   */
  async roundTrips(n: number, rounds: number, warmup: number) {
    await sequential(bridgeCall, warmup)
    await sequential(rawCall, warmup)
    const bridge: number[] = []
    const raw: number[] = []
    const block = Math.ceil(n / rounds)
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first.
      if (r % 2 === 0) {
        bridge.push(...(await sequential(bridgeCall, block)))
        raw.push(...(await sequential(rawCall, block)))
      } else {
        raw.push(...(await sequential(rawCall, block)))
        bridge.push(...(await sequential(bridgeCall, block)))
      }
    }
    return { bridge, raw }
  },

  /** Wall time (ms) of `inFlight` concurrent calls, `reps` times each, interleaved. */
  async throughput(inFlight: number, reps: number) {
    await concurrent(bridgeCall, inFlight)
    await concurrent(rawCall, inFlight)
    const bridge: number[] = []
    const raw: number[] = []
    for (let r = 0; r < reps; r++) {
      if (r % 2 === 0) {
        bridge.push(await concurrent(bridgeCall, inFlight))
        raw.push(await concurrent(rawCall, inFlight))
      } else {
        raw.push(await concurrent(rawCall, inFlight))
        bridge.push(await concurrent(bridgeCall, inFlight))
      }
    }
    return { bridge, raw }
  },

  /** Smallest non-zero step of `performance.now()` seen here (timer coarsening), ms. */
  timerResolution(): number {
    let min = Number.POSITIVE_INFINITY
    let last = performance.now()
    for (let i = 0; i < 200_000 && min > 0.001; i++) {
      const now = performance.now()
      if (now !== last) {
        min = Math.min(min, now - last)
        last = now
      }
    }
    return min
  },
}

declare global {
  interface Window {
    benchApp: typeof benchApp
  }
}
window.benchApp = benchApp
void ready().then(() => {
  document.documentElement.dataset.ready = 'true'
})
