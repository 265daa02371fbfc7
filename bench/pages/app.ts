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
/** The bridge's own port (seen in `welcome`), for the breakdown: raw calls to the real host. */
let bridgePort: MessagePort | undefined

const onReply = (reply: MessageEvent<Reply>) => {
  const resolve = pending.get(reply.data?.id)
  if (!resolve) return
  pending.delete(reply.data.id)
  resolve(reply.data)
}

addEventListener('message', (event: MessageEvent) => {
  if (event.source !== parent || !event.ports[0]) return
  if (event.data?.type === 'chainless:welcome') {
    // The js-sdk listens with `onmessage` and ignores ids it did not send; we listen beside it.
    bridgePort = event.ports[0]
    bridgePort.addEventListener('message', onReply)
  }
  if (event.data?.type !== 'bench:echo-port') return
  echoPort = event.ports[0]
  echoPort.onmessage = onReply
  parent.postMessage('bench:echo-ready', event.origin)
})

/**
 * The baseline call: the least a correlating client does on a raw port (an id, a pending entry,
 * the same message the bridge sends for `ping`), without timeout, guard, validation or comlink.
 */
function rawCallOn(port: MessagePort): Promise<Reply> {
  return new Promise((resolve) => {
    const id = `b${++counter}`
    pending.set(id, resolve)
    port.postMessage({ id, type: 'APPLY', path: ['ping'], argumentList: [] })
  })
}
const rawCall = () => rawCallOn(echoPort!)
const bridgeCall = () => call('ping', undefined)
/** The baseline's client against the real host: isolates the host side's cost. */
const rawClientCall = () => rawCallOn(bridgePort!)

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
   * Sequential round trips, interleaved in `rounds` blocks of `n / rounds` so drift (CPU
   * frequency, GC, the other core's load) hits all alike; `warmup` of each first. `bridge`: js-sdk
   * to runtime host; `raw`: raw client to raw echo (baseline); `rawClient`: raw client to the real
   * runtime host (bridge − rawClient = the js-sdk's share, rawClient − raw = the host's share).
   */
  async roundTrips(n: number, rounds: number, warmup: number) {
    const kinds = { bridge: bridgeCall, raw: rawCall, rawClient: rawClientCall }
    const samples = { bridge: [] as number[], raw: [] as number[], rawClient: [] as number[] }
    const names = Object.keys(kinds) as (keyof typeof kinds)[]
    for (const name of names) await sequential(kinds[name], warmup)
    const block = Math.ceil(n / rounds)
    for (let r = 0; r < rounds; r++) {
      // Rotate which goes first.
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length]!
        samples[name].push(...(await sequential(kinds[name], block)))
      }
    }
    return samples
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
