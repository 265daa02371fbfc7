// @ts-check
// The sandbox's platform request log (issue 12) costs every API request a masked target, one ring
// buffer entry and, while the workbench watches, one JSON line per SSE client. This measures that cost
// per request (`maskTarget` + `RequestLog.add` with one subscriber serializing the entry, as the SSE
// stream does) against a whole request served by the same sandbox API over keep-alive HTTP on
// 127.0.0.1 (`GET /.well-known/jwks.json`), in the same run; rounds alternate, the median counts.
// `node bench/request-log.js` (after `npm run build`) runs it alone and merges its entries into
// bench/results.json; `measureRequestLog()` is for bench/run.js.
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { maskTarget, openStore, RequestLog, startPlatformApi } from '@chainless/sandbox'
import { isMain, saveAndPrint } from './lib/standalone.js'
import { median, round } from './lib/stats.js'

/** Rounds per side and requests per round; `REQUEST_LOG_ROUNDS` / `REQUEST_LOG_N` override. */
const ROUNDS = Number(process.env.REQUEST_LOG_ROUNDS ?? 7)
const N = Number(process.env.REQUEST_LOG_N ?? 300)

/** @returns {Promise<import('./lib/entry.js').Entry[]>} */
export async function measureRequestLog() {
  const dir = mkdtempSync(join(tmpdir(), 'chainless-bench-log-'))
  const store = openStore({ dataDir: dir, seed: false })
  const api = await startPlatformApi({ store, port: 0, walletOrigin: 'http://localhost:1', rateLimit: false })
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const port = Number(new URL(api.url).port)
  /** One keep-alive GET, body read. */
  const get = () =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/.well-known/jwks.json', agent }, (res) => {
        res.resume()
        res.on('end', resolve)
      })
      req.on('error', reject)
      req.end()
    })
  const log = new RequestLog()
  let bytes = 0
  log.subscribe((e) => {
    bytes += JSON.stringify(e).length
  })
  const target = '/oauth/wallet/authorize?client_id=hello&code=abcdef0123456789&state=xyz&code_verifier=v'
  /** µs per request of `run`, over `n` requests (awaited one at a time). */
  const perRequest = async (/** @type {() => unknown} */ run, n = N) => {
    const start = performance.now()
    for (let i = 0; i < n; i++) await run()
    return ((performance.now() - start) * 1000) / n
  }
  // the log's side is synchronous and short: more of it per round, so the timer's grain does not count
  const LOG_N = N * 100
  const logOne = () =>
    log.add({
      at: Date.now(),
      appId: 'hello',
      method: 'GET',
      path: maskTarget(target),
      status: 200,
      durationMs: 1.25,
      requestId: '0123456789abcdef',
    })
  try {
    await perRequest(get) // warm-up
    await perRequest(logOne, LOG_N)
    /** @type {number[]} */
    const logRounds = []
    /** @type {number[]} */
    const httpRounds = []
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2 === 0) {
        logRounds.push(await perRequest(logOne, LOG_N))
        httpRounds.push(await perRequest(get))
      } else {
        httpRounds.push(await perRequest(get))
        logRounds.push(await perRequest(logOne, LOG_N))
      }
    }
    const value = median(logRounds)
    const baseline = median(httpRounds)
    return [
      {
        id: 'sandbox.request-log',
        value: round(value, 2),
        unit: 'µs/request',
        baseline: round(baseline, 2),
        ratio: round(value / baseline, 4),
        budget: { max: 0.05 },
        detail: {
          what: 'maskTarget + RequestLog.add with one SSE-like subscriber, vs one keep-alive GET /.well-known/jwks.json to the sandbox API',
          rounds: ROUNDS,
          requestsPerRound: N,
          logEntriesPerRound: N * 100,
          logRounds: logRounds.map((v) => round(v, 2)),
          httpRounds: httpRounds.map((v) => round(v, 2)),
          serializedBytes: bytes,
          machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
        },
      },
    ]
  } finally {
    agent.destroy()
    await api.close()
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (isMain(import.meta.url)) {
  const entries = await measureRequestLog()
  await saveAndPrint(entries)
}
