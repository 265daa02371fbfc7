// @ts-check
// Devtools overhead: bridge round trips through a runtime host with `createDevtools()` attached as
// its inspector (every call logged, matched against mock rules, fed to the performance monitor)
// against the same host without an inspector, in the same process and run, batch by batch.
// The host is the built @chainless/runtime-host in Node with happy-dom's document (iframes not
// loaded); the app end is a stand-in that says hello and pipelines comlink APPLY messages over the
// real MessagePort it gets, so the guard, rate limit, session, comlink and handler all run.
// `node bench/devtools-overhead.js` (after `npm run build -w packages/runtime-host`) runs it alone
// and merges its entries into bench/results.json; `measureDevtoolsOverhead()` is for bench/run.js.
import { cpus, loadavg } from 'node:os'
import { Window } from 'happy-dom'
import { isMain, saveAndPrint } from './lib/standalone.js'
import { median, round } from './lib/stats.js'

/**
 * Rounds of batches and calls per batch (all in flight at once); `DEVTOOLS_PAIRS` /
 * `DEVTOOLS_BATCH` override. The sides alternate batch by batch in a random order per round, so
 * load from other processes falls on all alike; each side's figure is its median batch time.
 */
const PAIRS = Number(process.env.DEVTOOLS_PAIRS ?? 60)
const BATCH = Number(process.env.DEVTOOLS_BATCH ?? 500)
const WARMUP_PAIRS = 10
/** Non-matching rules the devtools side checks every call against (a realistic Mocks panel). */
const RULES = 20

/** The DOM the host needs, from happy-dom; Node has no window of its own. */
function installDom() {
  const window = new Window({
    url: 'http://localhost:8080/',
    settings: { disableIframePageLoading: true, disableJavaScriptEvaluation: true },
  })
  const g = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (globalThis))
  const defined = /** @type {string[]} */ ([])
  /** @type {Record<string, unknown>} */
  const globals = {
    window,
    document: window.document,
    location: window.location,
    HTMLElement: window.HTMLElement,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }
  for (const [name, value] of Object.entries(globals)) {
    if (name in g) continue
    Object.defineProperty(g, name, { value, configurable: true, writable: true })
    defined.push(name)
  }
  return async () => {
    for (const name of defined) Reflect.deleteProperty(g, name)
    await window.happyDOM.close()
  }
}

/**
 * A host with one connected app; `roundTrips(n)` pipelines `n` pings and resolves when all answered.
 * @param {typeof import('@chainless/runtime-host')} runtimeHost
 * @param {import('@chainless/runtime-host').HostInspector | undefined} inspector
 */
function connectedHost(runtimeHost, inspector) {
  const host = runtimeHost.createRuntimeHost({
    allowUnverifiedManifests: true,
    storage: false,
    uiActions: false,
    rateLimit: { capacity: 1e9, refillPerSecond: 1e9 },
    probeIntervalMs: 2 ** 31 - 1,
    ...(inspector ? { inspector } : {}),
  })
  const app = host.mount(
    {
      appId: 'bench',
      name: 'Bench',
      version: '1.0.0',
      origin: 'http://bench.localhost:8090',
      entryUrl: 'http://bench.localhost:8090/',
      scopes: [],
    },
    /** @type {HTMLElement} */ (/** @type {unknown} */ (document.body)),
  )
  /** @type {MessagePort | undefined} */
  let port
  const source = {
    /** @param {unknown} _m @param {string} _o @param {Transferable[]} [transfer] */
    postMessage(_m, _o, transfer) {
      port = /** @type {MessagePort} */ (transfer?.[0])
    },
  }
  app.handleWindowMessage(
    /** @type {MessageEvent} */ (
      /** @type {unknown} */ ({
        data: { type: 'chainless:hello', protocol: '1.0', sdkVersion: 'bench' },
        origin: app.manifest.origin,
        source,
      })
    ),
  )
  const bridge = /** @type {MessagePort} */ (port)
  let outstanding = 0
  let failed = 0
  /** @type {() => void} */
  let done = () => undefined
  bridge.onmessage = (event) => {
    if (event.data?.type !== 'RAW') failed++
    if (--outstanding === 0) done()
  }
  let id = 0
  return {
    close: () => host.destroy(),
    /** @param {number} n */
    roundTrips(n) {
      return new Promise((resolve, reject) => {
        const start = performance.now()
        outstanding = n
        done = () =>
          failed > 0 ? reject(new Error(`${failed} calls failed`)) : resolve(performance.now() - start)
        for (let i = 0; i < n; i++)
          bridge.postMessage({ id: `b${++id}`, type: 'APPLY', path: ['ping'], argumentList: [] })
      })
    },
  }
}

/** @returns {Promise<import('./lib/entry.js').Entry[]>} */
export async function measureDevtoolsOverhead() {
  const uninstall = installDom()
  const runtimeHost = await import('@chainless/runtime-host')
  const { createDevtools } = await import('@chainless/runtime-host/devtools')
  const rules = Array.from({ length: RULES }, (_, i) => ({
    id: `r${i}`,
    appId: `other-${i}`,
    method: i % 2 ? 'eth_sendTransaction' : 'ping',
    enabled: true,
    action: { kind: 'error', code: 4001 },
  }))
  const devtools = createDevtools({ rules })
  const bare = connectedHost(runtimeHost, undefined)
  const inspected = connectedHost(runtimeHost, devtools.inspector)
  // An inspector without hooks: what the core hook costs by itself (numbering, timing, outcomes).
  const hookOnly = connectedHost(runtimeHost, {})
  try {
    const sides = [bare, inspected, hookOnly]
    /** @type {number[][]} */
    const times = [[], [], []]
    for (let r = 0; r < WARMUP_PAIRS + PAIRS; r++) {
      // A random order per round, so load from other processes falls on every side alike.
      const order = [0, 1, 2].sort(() => Math.random() - 0.5)
      for (const i of order) {
        const ms = await /** @type {typeof bare} */ (sides[i]).roundTrips(BATCH)
        if (r >= WARMUP_PAIRS) /** @type {number[]} */ (times[i]).push(ms)
      }
    }
    const perCall = (/** @type {number} */ i) => (median(/** @type {number[]} */ (times[i])) * 1000) / BATCH
    const baseline = perCall(0)
    const value = perCall(1)
    const hookValue = perCall(2)
    const logged = devtools.log.entries().length
    if (logged !== devtools.log.capacity) throw new Error(`the devtools logged ${logged} entries`)
    return [
      {
        id: 'runtime-host.devtools-overhead',
        value: round(value, 2),
        unit: 'µs/call',
        baseline: round(baseline, 2),
        ratio: round(value / baseline, 3),
        budget: { max: 1.5 },
        detail: {
          what: `ping round trips, ${BATCH} in flight per batch, through a runtime host with createDevtools() as its inspector (log at capacity ${devtools.log.capacity}, ${RULES} non-matching mock rules, perf monitor) vs the same host without an inspector`,
          where:
            'Node, built @chainless/runtime-host, happy-dom document, real MessagePort (app end is a stand-in)',
          pairs: PAIRS,
          batch: BATCH,
          devtoolsCallsPerSecond: Math.round(1e6 / value),
          bareCallsPerSecond: Math.round(1e6 / baseline),
          machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
        },
      },
      {
        id: 'runtime-host.inspector-hook-overhead',
        value: round(hookValue, 2),
        unit: 'µs/call',
        baseline: round(baseline, 2),
        ratio: round(hookValue / baseline, 3),
        budget: null,
        detail: {
          what: 'the same ping round trips through a host with an inspector that has no hooks (`inspector: {}`: calls numbered, timed and settled, nothing recorded) vs no inspector; reported only. Without an inspector the bridge pays one `undefined` check per call',
          pairs: PAIRS,
          batch: BATCH,
        },
      },
    ]
  } finally {
    bare.close()
    inspected.close()
    hookOnly.close()
    await uninstall()
  }
}

if (isMain(import.meta.url)) {
  const entries = await measureDevtoolsOverhead()
  await saveAndPrint(entries)
}
