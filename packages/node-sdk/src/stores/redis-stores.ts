import { StoreUnavailableError } from './errors.js'
import type { NonceStore } from './nonce-store.js'
import type { ReplayStore } from './replay-store.js'

/**
 * The two Redis commands the stores use, as ioredis 6 types them: an ioredis `Redis` (or `Cluster`)
 * is one. Structural, so this package never imports ioredis at run time and its types do not require
 * it; a node-redis client fits through a three-line wrapper.
 */
export interface RedisLike {
  /** `SET key value PX ms NX`: `'OK'` when set, `null` when the key exists. */
  set(key: string, value: string, px: 'PX', milliseconds: number, nx: 'NX'): Promise<'OK' | null>
  /** `DEL key`: how many keys were removed (0 or 1). */
  del(key: string): Promise<number>
}

/** Options of the Redis stores. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key, so several apps or environments share a Redis. Default `chainless:`; the
   * nonce store adds `nonce:` and the replay store `replay:` after it.
   */
  prefix?: string
  /**
   * Longest wait for one command before {@link StoreUnavailableError}, ms. Default 2,000. Also set
   * ioredis's own `commandTimeout` and `maxRetriesPerRequest` (see the README): with ioredis's
   * defaults a command issued while Redis is down waits for 20 reconnection attempts.
   */
  timeoutMs?: number
}

const DEFAULT_PREFIX = 'chainless:'
const DEFAULT_TIMEOUT_MS = 2_000

function ttl(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`ttlMs must be a positive number, got ${ms}`)
  return Math.ceil(ms)
}

async function run<T>(operation: string, timeoutMs: number, command: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new StoreUnavailableError(operation, { details: `no answer from Redis in ${timeoutMs} ms` })),
      timeoutMs,
    )
  })
  try {
    return await Promise.race([command(), timeout])
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error
    throw new StoreUnavailableError(operation, {
      details: error instanceof Error ? error.message : String(error),
      cause: error,
    })
  } finally {
    clearTimeout(timer)
  }
}

/**
 * A {@link NonceStore} in Redis, shared by every instance of a back end: `add` is
 * `SET <prefix>nonce:<nonce> 1 PX ttl NX` and `consume` is `DEL` (atomic: of two instances consuming
 * the same nonce, one gets 1 and the other 0; an expired nonce is already gone). Errors and timeouts
 * become {@link StoreUnavailableError}.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * const redis = new Redis(process.env.REDIS_URL, { commandTimeout: 1000, maxRetriesPerRequest: 1 })
 * const nonces = new RedisNonceStore(redis)
 * const nonce = await issueNonce(nonces)
 * ```
 */
export class RedisNonceStore implements NonceStore {
  readonly #redis: RedisLike
  readonly #prefix: string
  readonly #timeoutMs: number
  constructor(redis: RedisLike, options: RedisStoreOptions = {}) {
    this.#redis = redis
    this.#prefix = `${options.prefix ?? DEFAULT_PREFIX}nonce:`
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }
  /**
   * Remembers `nonce` for `ttlMs`. `NX`: a nonce already live keeps its first TTL (never extended by a
   * second `add`); `issueNonce`'s 128 random bits make that a non-event.
   */
  async add(nonce: string, ttlMs: number): Promise<void> {
    const px = ttl(ttlMs)
    await run('add', this.#timeoutMs, () => this.#redis.set(this.#prefix + nonce, '1', 'PX', px, 'NX'))
  }
  /** `true` once for an issued, unexpired nonce (atomic across instances). */
  async consume(nonce: string): Promise<boolean> {
    return (await run('consume', this.#timeoutMs, () => this.#redis.del(this.#prefix + nonce))) === 1
  }
}

/**
 * A {@link ReplayStore} in Redis: `claim` is one `SET <prefix>replay:<key> 1 PX ttl NX`, atomic across
 * every instance sharing the Redis (one of them gets `OK`, the others `null`). Errors and timeouts
 * become {@link StoreUnavailableError}; a failed claim is never reported as accepted.
 *
 * @example
 * ```ts
 * const replayStore = new RedisReplayStore(redis)
 * const event = await verifyWebhook(request, { appKey, replayStore })
 * ```
 */
export class RedisReplayStore implements ReplayStore {
  readonly #redis: RedisLike
  readonly #prefix: string
  readonly #timeoutMs: number
  constructor(redis: RedisLike, options: RedisStoreOptions = {}) {
    this.#redis = redis
    this.#prefix = `${options.prefix ?? DEFAULT_PREFIX}replay:`
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }
  /** `true` the first time `key` is claimed within `ttlMs` on any instance, `false` afterwards. */
  async claim(key: string, ttlMs: number): Promise<boolean> {
    const px = ttl(ttlMs)
    const answer = await run('claim', this.#timeoutMs, () =>
      this.#redis.set(this.#prefix + key, '1', 'PX', px, 'NX'),
    )
    return answer === 'OK'
  }
}

/** The Redis-backed stores of one back end, from {@link createRedisStores}. */
export interface RedisStores {
  /** SIWE nonces (`issueNonce`, `verifySiwe`). */
  nonces: RedisNonceStore
  /** Webhook nonces and any other single-use keys (`verifyWebhook`'s `replayStore`). */
  replay: RedisReplayStore
}

/**
 * Every store the SDK needs, on one Redis client, under one key prefix.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis'
 * const stores = createRedisStores(new Redis(url, { commandTimeout: 1000, maxRetriesPerRequest: 1 }))
 * await verifyWebhook(request, { appKey, replayStore: stores.replay })
 * ```
 */
export function createRedisStores(redis: RedisLike, options: RedisStoreOptions = {}): RedisStores {
  return { nonces: new RedisNonceStore(redis, options), replay: new RedisReplayStore(redis, options) }
}
