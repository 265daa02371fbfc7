// @ts-check
// HMAC v2 app-auth throughput: the node-sdk's `signPlatformRequest` + `verifyPlatformSignature` (what
// the platform client signs every request with, and the matching constant-time check) against bare
// node:crypto doing the same work (SHA-256 of the body, the six-line string, HMAC-SHA256 hex, then
// recompute + timingSafeEqual), in the same run, batch by batch.
// `node bench/hmac.js` (after `npm run build -w packages/node-sdk`) runs it alone and merges its
// entries into bench/results.json; `measureHmac()` is for bench/run.js.
import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { signPlatformRequest, verifyPlatformSignature } from '@chainless/node-sdk'
import { isMain, saveAndPrint } from './lib/standalone.js'
import { median, round } from './lib/stats.js'

/**
 * Pairs of batches and the ops per batch; `HMAC_PAIRS` / `HMAC_BATCH` override. The two sides alternate
 * batch by batch (about 10 ms each, random order per pair), so load from other processes on a shared
 * machine falls on both alike; each side's figure is its median batch time.
 */
const PAIRS = Number(process.env.HMAC_PAIRS ?? 300)
const BATCH = Number(process.env.HMAC_BATCH ?? 200)

const APP_KEY = 'ck_Jm5Z0b3c9yQ2k8VtR1xW4nP7sL6hD0fG3aE9uT2iO5c'
const BODY = JSON.stringify({
  userId: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266',
  title: 'Order shipped',
  body: 'Your order #1042 is on its way: two bags of beans, one cup.',
  url: 'https://web2-shop.example/orders/1042',
})
const REQUEST = {
  method: 'POST',
  host: 'api.chainless.example',
  path: '/api/v1/messages',
  timestamp: '1764892800',
  nonce: 'q1w2e3r4t5y6u7i8o9p0aa',
  body: BODY,
}

/**
 * Runs `op` `BATCH` times; answers the elapsed ms.
 * @param {() => boolean} op
 */
function batch(op) {
  let ok = true
  const start = performance.now()
  for (let i = 0; i < BATCH; i++) ok = op() && ok
  const elapsed = performance.now() - start
  if (!ok) throw new Error('a signature did not verify')
  return elapsed
}

/** @returns {Promise<import('./lib/entry.js').Entry[]>} */
export async function measureHmac() {
  // Both sides key HMAC with a KeyObject made once, as the platform client does (createPlatformClient
  // turns the app key into one at creation).
  const key = createSecretKey(Buffer.from(APP_KEY, 'utf8'))
  const keys = [key]
  const sdk = () => verifyPlatformSignature(keys, REQUEST, signPlatformRequest(key, REQUEST))

  const bareText = () =>
    `${REQUEST.method}\n${REQUEST.host}\n${REQUEST.path}\n${REQUEST.timestamp}\n${REQUEST.nonce}\n${createHash('sha256').update(REQUEST.body).digest('hex')}`
  const bare = () => {
    const signature = `v2=${createHmac('sha256', key).update(bareText()).digest('hex')}`
    const given = Buffer.from(signature.slice(3), 'hex')
    return timingSafeEqual(createHmac('sha256', key).update(bareText()).digest(), given)
  }
  if (!sdk() || !bare()) throw new Error('setup: signatures do not verify')

  for (let i = 0; i < 100; i++) batch(sdk) + batch(bare) // warm-up (JIT)
  /** @type {number[]} */
  const sdkMs = []
  /** @type {number[]} */
  const bareMs = []
  /** @type {number[]} */
  const pairRatios = []
  for (let r = 0; r < PAIRS; r++) {
    let s = 0
    let b = 0
    if (Math.random() < 0.5) {
      s = batch(sdk)
      b = batch(bare)
    } else {
      b = batch(bare)
      s = batch(sdk)
    }
    sdkMs.push(s)
    bareMs.push(b)
    pairRatios.push(b / s)
    // let timers and I/O of a shared bench process run now and then
    if (r % 50 === 49) await new Promise((resolve) => setImmediate(resolve))
  }
  // Medians, not sums: a batch during which the process was descheduled would weigh on a sum alone.
  const value = Math.round((BATCH * 1000) / median(sdkMs))
  const baseline = Math.round((BATCH * 1000) / median(bareMs))
  return [
    {
      id: 'node-sdk.hmac-sign-verify',
      value,
      unit: 'ops/s',
      baseline,
      ratio: round(value / baseline, 3),
      budget: { min: 0.9 },
      detail: {
        what: 'signPlatformRequest + verifyPlatformSignature (HMAC v2, 180-byte JSON body) vs bare node:crypto createHash/createHmac/timingSafeEqual doing the same work',
        bodyBytes: Buffer.byteLength(BODY),
        pairs: PAIRS,
        batch: BATCH,
        medianPairRatio: round(median(pairRatios), 3),
        machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
      },
    },
  ]
}

if (isMain(import.meta.url)) {
  const entries = await measureHmac()
  await saveAndPrint(entries)
}
