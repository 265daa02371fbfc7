// @ts-check
// Redis store throughput: node-sdk `RedisNonceStore.add` and `RedisReplayStore.claim` (one
// `SET key 1 PX ttl NX` each, plus the store's key prefix, timeout and typed errors) against a bare
// `redis.set(key, '1', 'PX', ttl, 'NX')` loop on the same ioredis client, in the same run, against a
// redis-server this file starts on a free port (`--save '' --appendonly no`) and stops. Sequential
// (one command at a time, as one request checks one nonce); rounds alternate sides; medians count.
// `node bench/redis-nonce.js` (after `npm run build`) runs it alone and merges its entries into
// bench/results.json; `measureRedisNonce()` is for bench/run.js.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { RedisNonceStore, RedisReplayStore } from '@chainless/node-sdk'
import { Redis } from 'ioredis'
import { isMain, saveAndPrint } from './lib/standalone.js'
import { median, round } from './lib/stats.js'

const REDIS_SERVER = '/usr/bin/redis-server'
/** Rounds per side and the time each round runs; `REDIS_NONCE_ROUNDS` / `REDIS_NONCE_MS` override. */
const ROUNDS = Number(process.env.REDIS_NONCE_ROUNDS ?? 9)
const ROUND_MS = Number(process.env.REDIS_NONCE_MS ?? 300)
const TTL_MS = 60_000

/** A port free right now on 127.0.0.1. */
async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  await new Promise((resolve) => server.close(() => resolve(undefined)))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** Starts redis-server without persistence in a temp directory; `stop()` kills it and cleans up. */
async function startRedis() {
  if (!existsSync(REDIS_SERVER)) throw new Error('redis-server is missing: apt-get install -y redis-server')
  const dir = await mkdtemp(join(tmpdir(), 'chainless-bench-redis-'))
  const port = await freePort()
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  )
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    await rm(dir, { recursive: true, force: true })
  }
  const client = new Redis(port, '127.0.0.1', { retryStrategy: () => 25, maxRetriesPerRequest: null })
  client.on('error', () => {}) // connection refused until the server listens
  const deadline = Date.now() + 5_000
  for (;;) {
    try {
      await Promise.race([client.ping(), new Promise((_, reject) => setTimeout(reject, 200))])
      break
    } catch {
      if (Date.now() > deadline) {
        client.disconnect()
        await stop()
        throw new Error(`redis-server did not start on port ${port}`)
      }
    }
  }
  return { port, client, stop }
}

/**
 * Operations per second of `op()` over about `ms`, one at a time.
 * @param {() => Promise<unknown>} op
 * @param {number} ms
 */
async function opsPerSecond(op, ms) {
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    for (let i = 0; i < 50; i++) await op()
    n += 50
    elapsed = performance.now() - start
  }
  return (n * 1000) / elapsed
}

/**
 * @param {string} id
 * @param {string} what
 * @param {() => Promise<unknown>} sdk
 * @param {() => Promise<unknown>} bare
 * @returns {Promise<import('./lib/entry.js').Entry>}
 */
async function compare(id, what, sdk, bare) {
  await opsPerSecond(sdk, ROUND_MS) // warm-up (JIT, connection)
  await opsPerSecond(bare, ROUND_MS)
  /** @type {number[]} */
  const sdkRounds = []
  /** @type {number[]} */
  const bareRounds = []
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which goes first so neither always gets the warmer (or busier) slot.
    if (r % 2 === 0) {
      sdkRounds.push(await opsPerSecond(sdk, ROUND_MS))
      bareRounds.push(await opsPerSecond(bare, ROUND_MS))
    } else {
      bareRounds.push(await opsPerSecond(bare, ROUND_MS))
      sdkRounds.push(await opsPerSecond(sdk, ROUND_MS))
    }
  }
  const value = Math.round(median(sdkRounds))
  const baseline = Math.round(median(bareRounds))
  return {
    id,
    value,
    unit: 'ops/s',
    baseline,
    ratio: round(value / baseline, 3),
    budget: { min: 0.8 },
    detail: {
      what,
      rounds: ROUNDS,
      roundMs: ROUND_MS,
      sdkRounds: sdkRounds.map((v) => Math.round(v)),
      bareRounds: bareRounds.map((v) => Math.round(v)),
      machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
    },
  }
}

/** @returns {Promise<import('./lib/entry.js').Entry[]>} */
export async function measureRedisNonce() {
  const redis = await startRedis()
  try {
    const client = redis.client
    const nonces = new RedisNonceStore(client)
    const replay = new RedisReplayStore(client)
    // A counter per side: every SET NX writes a new key (a collision would make `add` throw).
    let s = 0
    let b = 0
    const bare = () => client.set(`bare:${b++}`, '1', 'PX', TTL_MS, 'NX')
    const entries = [
      await compare(
        'node-sdk.redis-nonce',
        'RedisNonceStore.add (SET prefix+nonce 1 PX ttl NX, timeout, typed errors) vs bare ioredis SET NX PX, same client and redis-server',
        () => nonces.add(`n${s++}`, TTL_MS),
        bare,
      ),
      await compare(
        'node-sdk.redis-replay',
        'RedisReplayStore.claim (one SET NX PX) vs bare ioredis SET NX PX, same client and redis-server',
        () => replay.claim(`r${s++}`, TTL_MS),
        bare,
      ),
    ]
    client.disconnect()
    return entries
  } finally {
    await redis.stop()
  }
}

if (isMain(import.meta.url)) {
  const entries = await measureRedisNonce()
  await saveAndPrint(entries)
}
