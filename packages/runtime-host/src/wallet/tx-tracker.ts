import {
  ChainDisconnectedError,
  InvalidParamsError,
  PlatformUnavailableError,
  type RpcTransactionReceipt,
} from '@chainless/protocol'
import { keccak256 } from 'ethers'
import { InvalidOptionError } from '../invalid-option-error.js'
import type { KeyValueStore } from './kv.js'
import { BroadcastRefusedError, readProblem } from './tx-tracker-errors.js'
import { fullJitterDelay, isRetryableStatus, parseRetryAfter } from './tx-tracker-retry.js'

export { BroadcastRefusedError, type PlatformProblem } from './tx-tracker-errors.js'

/**
 * Where a transaction stands (BROADCAST.md): `signed` (persisted, not yet accepted by the platform),
 * `pending` (accepted, not mined), `confirmed` / `failed` (mined; `failed` = reverted), `abandoned`
 * (the platform stayed unavailable past the retry budget; never re-sent by itself, still polled),
 * `dropped` (the platform's chain no longer knows it, e.g. a fresh dev chain: it never ran and never
 * will unless its bytes are sent again; final, no receipt).
 */
export type TxState = 'signed' | 'pending' | 'confirmed' | 'failed' | 'abandoned' | 'dropped'

/** An ERC-2771 `ForwardRequest` as JSON: `value`, `gas`, `nonce` as decimal strings, `deadline` in seconds. */
export interface ForwardRequestJson {
  from: string
  to: string
  value: string
  gas: string
  nonce: string
  deadline: number
  data: string
}

/** A transaction the wallet tracks, persisted in the {@link KeyValueStore} (`tx:<hash>`). */
export interface TxRecord {
  /** Lower-case transaction hash; for a relay, the relayer's (empty until the platform answered). */
  hash: string
  appId: string
  account: string
  chainId: number
  state: TxState
  /** The signed bytes (broadcast path): what every retry re-sends. */
  raw?: string
  /** The signed request (sponsored path): what every retry re-sends. */
  relay?: { appId: string; request: ForwardRequestJson; signature: string }
  createdAt: number
  updatedAt: number
  receipt?: RpcTransactionReceipt
}

/** Retry rules of {@link TxTracker} (BROADCAST.md). */
export interface TxRetryOptions {
  /** Give up (→ `abandoned`, -32002) once this much time passed since the first POST; default 30 000 ms. */
  budgetMs?: number
  /** First backoff ceiling; doubles each attempt; default 250 ms. */
  baseMs?: number
  /** Largest backoff ceiling; default 5 000 ms. */
  capMs?: number
  /** One attempt's timeout (capped by what is left of the budget); default 10 000 ms. */
  timeoutMs?: number
}

/** Options of {@link TxTracker}. */
export interface TxTrackerOptions {
  /** Platform API base, e.g. `http://127.0.0.1:8787`. */
  apiUrl: string
  fetch?: typeof fetch
  store: KeyValueStore
  /** The wallet session's bearer token, sent as `Authorization` when it gives one. */
  getSessionToken?: () => Promise<string | undefined>
  retry?: TxRetryOptions
  /** Status polling interval; default 1 000 ms. */
  pollIntervalMs?: number
  /** Called on every state change (and when a receipt arrives), with the stored record. */
  onStatus: (record: TxRecord) => void
}

/** Input of {@link TxTracker.send}. */
export interface TxSendInput {
  appId: string
  account: string
  chainId: number
  /** Signed serialized transaction, 0x hex. */
  raw: string
}

/** Input of {@link TxTracker.relay}. */
export interface TxRelayInput {
  appId: string
  account: string
  chainId: number
  request: ForwardRequestJson
  /** The user's EIP-712 signature of `request`, 65 bytes as 0x hex. */
  signature: string
}

const TX_PREFIX = 'tx:'
const RELAY_PREFIX = 'relay:'
/** The platform refuses more (413 `tx_too_large`); checked here so nothing that large is stored. */
const MAX_RAW_BYTES = 128 * 1024
/** Abandoned records are polled with a growing interval up to this, and not at all after a day. */
const ABANDONED_POLL_CAP_MS = 60_000
const ABANDONED_POLL_FOR_MS = 24 * 60 * 60 * 1000
/** A final status whose receipt the RPC proxy cannot give yet is retried this many polls. */
const RECEIPT_TRIES = 3
const HASH = /^0x[0-9a-fA-F]{64}$/

/** Final states: nothing is polled or re-sent by itself any more. */
const isFinal = (state: TxState): boolean =>
  state === 'confirmed' || state === 'failed' || state === 'dropped'
/** A stored record the same bytes may be broadcast again for: never accepted, or lost by the chain. */
const mayResend = (state: TxState): boolean =>
  state === 'signed' || state === 'abandoned' || state === 'dropped'

interface Resolved {
  apiUrl: string
  fetch: typeof fetch
  budgetMs: number
  baseMs: number
  capMs: number
  timeoutMs: number
  pollIntervalMs: number
}

function resolve(options: TxTrackerOptions): Resolved {
  if (typeof options !== 'object' || options === null) throw new InvalidOptionError('tracker', 'an object')
  let api: URL
  try {
    api = new URL(options.apiUrl)
  } catch {
    throw new InvalidOptionError('wallet.apiUrl', 'an http(s) URL')
  }
  if (api.protocol !== 'http:' && api.protocol !== 'https:')
    throw new InvalidOptionError('wallet.apiUrl', 'an http(s) URL')
  const ms = (name: string, value: unknown, fallback: number, min: number): number => {
    if (value === undefined) return fallback
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > 2 ** 31 - 1) {
      throw new InvalidOptionError(name, `a number of milliseconds between ${min} and 2^31 − 1`)
    }
    return value
  }
  const retry = options.retry ?? {}
  const baseMs = ms('tracker.retry.baseMs', retry.baseMs, 250, 1)
  const capMs = ms('tracker.retry.capMs', retry.capMs, 5000, 1)
  if (capMs < baseMs) throw new InvalidOptionError('tracker.retry.capMs', 'at least retry.baseMs')
  if (options.fetch !== undefined && typeof options.fetch !== 'function')
    throw new InvalidOptionError('wallet.fetch', 'a function')
  if (typeof options.onStatus !== 'function') throw new InvalidOptionError('tracker.onStatus', 'a function')
  return {
    apiUrl: api.href.replace(/\/+$/, ''),
    // Bound: a bare `fetch` reference called as a method of another object throws "Illegal invocation".
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    budgetMs: ms('tracker.retry.budgetMs', retry.budgetMs, 30_000, 0),
    baseMs,
    capMs,
    timeoutMs: ms('tracker.retry.timeoutMs', retry.timeoutMs, 10_000, 1),
    pollIntervalMs: ms('tracker.pollIntervalMs', options.pollIntervalMs, 1000, 1),
  }
}

/** What one POST came to. */
type Outcome = { ok: true; body: unknown } | { ok: false; error: Error }

/**
 * Broadcasts signed transactions (or sponsored `ForwardRequest`s) through the platform, surviving its
 * faults as DESIGN's "Broadcast under faults" requires (BROADCAST.md): the signed bytes are persisted
 * before the first POST; 5xx, 429 and network errors are retried with the SAME bytes (never re-signed)
 * with exponential backoff, full jitter and `Retry-After`, under an idempotency key, until a budget
 * runs out (→ `abandoned`, -32002 with `data.hash`); then the status is polled until final and
 * `onStatus` tells each change. Records live in the {@link KeyValueStore}, so {@link TxTracker.resume}
 * finishes them after a reload. Invariant: one approval, at most one mined transaction.
 *
 * @example
 * ```ts
 * const tracker = new TxTracker({ apiUrl: 'http://127.0.0.1:8787', store, onStatus: (r) => app.send('txStatus', r) })
 * await tracker.resume()                                   // on wallet load
 * const { hash } = await tracker.send({ appId, account, chainId, raw })
 * ```
 */
export class TxTracker {
  readonly #o: Resolved
  readonly #store: KeyValueStore
  readonly #token: (() => Promise<string | undefined>) | undefined
  readonly #onStatus: (record: TxRecord) => void
  readonly #stop = new AbortController()
  /** Broadcasts in flight by store key: a second send of the same bytes joins the first. */
  readonly #inflight = new Map<string, Promise<{ hash: string }>>()
  readonly #polling = new Set<string>()

  /** Throws `InvalidOptionError` for a bad option. */
  constructor(options: TxTrackerOptions) {
    this.#o = resolve(options)
    this.#store = options.store
    this.#token = options.getSessionToken
    this.#onStatus = options.onStatus
  }

  /**
   * Broadcasts `raw` (`POST /api/v1/tx/broadcast`, `Idempotency-Key` = its hash) and tracks it.
   * Resolves with the hash once the platform accepted it. Rejects with `PlatformUnavailableError`
   * (-32002, `data.hash`) when the budget ran out (the record is `abandoned`), with
   * `ChainDisconnectedError` (4901) for 422 `wrong_chain`, with {@link BroadcastRefusedError} (-32603)
   * for another 4xx (then the record is deleted: nothing was sent).
   */
  send(input: TxSendInput): Promise<{ hash: string }> {
    const raw = typeof input?.raw === 'string' ? input.raw : ''
    if (!/^0x(?:[0-9a-fA-F]{2})+$/.test(raw) || raw.length > 2 + MAX_RAW_BYTES * 2) {
      return Promise.reject(
        new InvalidParamsError('Invalid raw transaction', undefined, {
          details: 'Expected 0x hex bytes, at most 128 KiB.',
        }),
      )
    }
    const hash = keccak256(raw).toLowerCase()
    return this.#once(TX_PREFIX + hash, async () => {
      const existing = await this.#store.get<TxRecord>(TX_PREFIX + hash)
      // Already accepted (or mined): the same bytes again are the same transaction. A dropped one is
      // sent again: the chain lost it, and the same signed bytes can be mined at most once anyway.
      if (existing && !mayResend(existing.state)) return { hash }
      const now = Date.now()
      const record: TxRecord = existing
        ? { ...existing, updatedAt: now }
        : {
            hash,
            appId: input.appId,
            account: input.account,
            chainId: input.chainId,
            state: 'signed',
            raw,
            createdAt: now,
            updatedAt: now,
          }
      await this.#store.set(TX_PREFIX + hash, { ...record, state: 'signed' })
      return this.#broadcast({ ...record, state: 'signed' })
    })
  }

  /**
   * Relays a sponsored app's signed `ForwardRequest` (`POST /api/v1/tx/relay`, `Idempotency-Key` =
   * keccak256 of the signature) and tracks the relayer's transaction. Same retry and error rules as
   * {@link TxTracker.send}; an abandoned relay has no hash yet, so its -32002 carries none.
   */
  relay(input: TxRelayInput): Promise<{ hash: string }> {
    const signature = typeof input?.signature === 'string' ? input.signature : ''
    if (
      !/^0x[0-9a-fA-F]{130}$/.test(signature) ||
      typeof input.request !== 'object' ||
      input.request === null
    ) {
      return Promise.reject(
        new InvalidParamsError('Invalid relay request', undefined, {
          details: 'Expected a ForwardRequest and a 65-byte signature.',
        }),
      )
    }
    const key = RELAY_PREFIX + keccak256(signature).toLowerCase()
    return this.#once(key, async () => {
      const existing = await this.#store.get<TxRecord>(key)
      const now = Date.now()
      const record: TxRecord = existing
        ? { ...existing, state: 'signed', updatedAt: now }
        : {
            hash: '',
            appId: input.appId,
            account: input.account,
            chainId: input.chainId,
            state: 'signed',
            relay: { appId: input.appId, request: { ...input.request }, signature },
            createdAt: now,
            updatedAt: now,
          }
      await this.#store.set(key, record)
      return this.#broadcast(record)
    })
  }

  /** The record of `hash` (any case), or `undefined`. */
  get(hash: string): Promise<TxRecord | undefined> {
    if (typeof hash !== 'string' || !HASH.test(hash)) return Promise.resolve(undefined)
    return this.#store.get<TxRecord>(TX_PREFIX + hash.toLowerCase())
  }

  /** Every record (relays not yet answered too), newest first; filtered by app and/or account. */
  async list(filter: { appId?: string; account?: string } = {}): Promise<TxRecord[]> {
    const keys = [...(await this.#store.keys(TX_PREFIX)), ...(await this.#store.keys(RELAY_PREFIX))]
    const records = await Promise.all(keys.map((k) => this.#store.get<TxRecord>(k)))
    return records
      .filter((r): r is TxRecord => r !== undefined)
      .filter((r) => filter.appId === undefined || r.appId === filter.appId)
      .filter((r) => filter.account === undefined || r.account.toLowerCase() === filter.account.toLowerCase())
      .sort((a, b) => b.createdAt - a.createdAt)
  }

  /**
   * On wallet load: re-sends every `signed` record (the same bytes, a fresh budget) and polls `pending`
   * and `abandoned` ones until final (`confirmed`, `failed` or `dropped`). Resolves once the work is started; `onStatus` tells the outcomes.
   */
  async resume(): Promise<void> {
    for (const record of await this.list()) {
      if (record.state === 'signed') {
        const key = record.relay
          ? RELAY_PREFIX + keccak256(record.relay.signature).toLowerCase()
          : TX_PREFIX + record.hash
        this.#once(key, () => this.#broadcast(record)).catch(() => undefined) // the outcome goes to onStatus
      } else if (record.hash && !isFinal(record.state)) {
        this.#poll(record.hash, 0)
      }
    }
  }

  /** Stops retries and polling (the wallet is going away). Records stay as they are, for {@link TxTracker.resume}. */
  stop(): void {
    this.#stop.abort()
  }

  #once(key: string, task: () => Promise<{ hash: string }>): Promise<{ hash: string }> {
    const running = this.#inflight.get(key)
    if (running) return running
    const run = task().finally(() => this.#inflight.delete(key))
    this.#inflight.set(key, run)
    return run
  }

  /** POSTs a `signed` record until accepted, refused or out of budget; then polls. */
  async #broadcast(record: TxRecord): Promise<{ hash: string }> {
    const relay = record.relay
    const key = relay ? RELAY_PREFIX + keccak256(relay.signature).toLowerCase() : TX_PREFIX + record.hash
    const outcome = relay
      ? await this.#post(
          '/api/v1/tx/relay',
          { appId: relay.appId, request: relay.request, signature: relay.signature },
          keccak256(relay.signature).toLowerCase(),
          true,
        )
      : await this.#post('/api/v1/tx/broadcast', { raw: record.raw }, record.hash, false)
    if (!outcome.ok) {
      if (outcome.error instanceof PlatformUnavailableError) {
        if (this.#stop.signal.aborted) throw outcome.error // stopped: stays `signed`, resume re-sends
        const abandoned = await this.#update(key, { state: 'abandoned' })
        if (abandoned) this.#onStatus(abandoned)
        if (record.hash) this.#poll(record.hash, 0)
        throw new PlatformUnavailableError(
          'Platform unavailable',
          record.hash ? { hash: record.hash } : undefined,
          {
            details: `No answer within the ${this.#o.budgetMs} ms retry budget; the transaction is kept as abandoned and still watched.`,
          },
        )
      }
      await this.#store.delete(key) // a final 4xx: nothing was sent
      throw outcome.error
    }
    let hash = record.hash
    if (relay) {
      hash = (outcome.body as { hash: string }).hash.toLowerCase()
      await this.#store.delete(key)
    }
    const known = await this.#store.get<TxRecord>(TX_PREFIX + hash)
    // The same relay answered twice (idempotent by signature): keep what we know of that transaction.
    if (relay && known && !mayResend(known.state)) return { hash }
    const pending: TxRecord = { ...record, hash, state: 'pending', updatedAt: Date.now() }
    await this.#store.set(TX_PREFIX + hash, pending)
    this.#onStatus(pending)
    this.#poll(hash, this.#o.pollIntervalMs)
    return { hash }
  }

  /** One POST with retries. `needsHash`: the answer must carry `{ hash }` (relay); else any 2xx will do. */
  async #post(path: string, body: unknown, idempotencyKey: string, needsHash: boolean): Promise<Outcome> {
    const { budgetMs, baseMs, capMs, timeoutMs } = this.#o
    const deadline = Date.now() + budgetMs
    const json = JSON.stringify(body)
    for (let attempt = 0; ; attempt++) {
      let wait: number | undefined
      const left = deadline - Date.now()
      if (left <= 0 || this.#stop.signal.aborted) return { ok: false, error: new PlatformUnavailableError() }
      try {
        const response = await this.#fetch(
          path,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'idempotency-key': idempotencyKey,
              ...(await this.#auth()),
            },
            body: json,
          },
          Math.min(timeoutMs, left),
        )
        if (response.ok) {
          const answer = await response.json().catch(() => undefined)
          const hash = (answer as { hash?: unknown } | undefined)?.hash
          if (!needsHash || (typeof hash === 'string' && HASH.test(hash))) return { ok: true, body: answer }
          // A 2xx without a hash is a broken platform: retrying is safe (idempotent) and may heal.
        } else if (isRetryableStatus(response.status)) {
          wait = parseRetryAfter(response.headers.get('retry-after'))
          await response.body?.cancel().catch(() => undefined)
        } else {
          const problem = await readProblem(response)
          return {
            ok: false,
            error:
              response.status === 422 && problem.code === 'wrong_chain'
                ? new ChainDisconnectedError('Wrong chain', undefined, { details: problem.detail })
                : new BroadcastRefusedError(problem),
          }
        }
      } catch {
        // Network error or this attempt's timeout: the request may have arrived; the retry is idempotent.
      }
      const delay = wait ?? fullJitterDelay(attempt, baseMs, capMs)
      if (Date.now() + delay >= deadline) return { ok: false, error: new PlatformUnavailableError() }
      if (!(await this.#sleep(delay))) return { ok: false, error: new PlatformUnavailableError() }
    }
  }

  /**
   * Polls `GET /api/v1/tx/{hash}` until final (`confirmed` / `failed` with the receipt, or `dropped`);
   * abandoned records with a growing interval, for a day at most.
   */
  #poll(hash: string, firstDelay: number): void {
    if (this.#polling.has(hash) || this.#stop.signal.aborted) return
    this.#polling.add(hash)
    const loop = async (): Promise<void> => {
      let delay = firstDelay
      let receiptTries = 0
      for (;;) {
        if (!(await this.#sleep(delay))) return
        const record = await this.#store.get<TxRecord>(TX_PREFIX + hash)
        if (!record || isFinal(record.state) || record.state === 'signed') return
        delay = this.#o.pollIntervalMs
        if (record.state === 'abandoned') {
          if (Date.now() - record.createdAt > ABANDONED_POLL_FOR_MS) return
          delay = Math.min(
            ABANDONED_POLL_CAP_MS,
            this.#o.pollIntervalMs * 2 ** Math.min(20, Math.floor((Date.now() - record.updatedAt) / 60_000)),
          )
        }
        const status = await this.#status(hash)
        if (status === 'dropped') {
          // The chain no longer knows it (a fresh chain): final, and there is no receipt to ask for.
          const updated = await this.#update(TX_PREFIX + hash, { state: 'dropped' })
          if (updated) this.#onStatus(updated)
          return
        }
        if (status === 'pending' && record.state === 'abandoned') {
          // The platform has it after all: no longer abandoned.
          const updated = await this.#update(TX_PREFIX + hash, { state: 'pending' })
          if (updated) this.#onStatus(updated)
        } else if (status === 'confirmed' || status === 'failed') {
          const receipt = await this.#receipt(record.chainId, hash)
          if (receipt === undefined && ++receiptTries < RECEIPT_TRIES) continue
          const updated = await this.#update(
            TX_PREFIX + hash,
            receipt ? { state: status, receipt } : { state: status },
          )
          if (updated) this.#onStatus(updated)
          return
        }
      }
    }
    loop()
      .catch(() => undefined) // a store failure ends this loop; resume() starts another
      .finally(() => this.#polling.delete(hash))
  }

  async #status(hash: string): Promise<string | undefined> {
    try {
      const response = await this.#fetch(
        `/api/v1/tx/${hash}`,
        { headers: await this.#auth() },
        this.#o.timeoutMs,
      )
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined)
        return undefined // 404 (not seen yet), 5xx…: ask again next time
      }
      const status = ((await response.json()) as { status?: unknown } | null)?.status
      return typeof status === 'string' ? status : undefined
    } catch {
      return undefined
    }
  }

  async #receipt(chainId: number, hash: string): Promise<RpcTransactionReceipt | undefined> {
    try {
      const response = await this.#fetch(
        `/api/v1/rpc/${chainId}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'eth_getTransactionReceipt',
            params: [hash],
          }),
        },
        this.#o.timeoutMs,
      )
      if (!response.ok) return undefined
      const result = ((await response.json()) as { result?: unknown } | null)?.result
      return typeof result === 'object' &&
        result !== null &&
        (result as { transactionHash?: unknown }).transactionHash !== undefined
        ? (result as RpcTransactionReceipt)
        : undefined
    } catch {
      return undefined
    }
  }

  async #update(key: string, change: Partial<TxRecord>): Promise<TxRecord | undefined> {
    const record = await this.#store.get<TxRecord>(key)
    if (!record) return undefined
    const updated: TxRecord = { ...record, ...change, updatedAt: Date.now() }
    await this.#store.set(key, updated)
    return updated
  }

  async #auth(): Promise<Record<string, string>> {
    const token = this.#token ? await this.#token().catch(() => undefined) : undefined
    return typeof token === 'string' && token !== '' ? { authorization: `Bearer ${token}` } : {}
  }

  /** fetch with a timeout that also ends on {@link TxTracker.stop}. */
  #fetch(path: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    const signal = AbortSignal.any([this.#stop.signal, AbortSignal.timeout(Math.max(1, timeoutMs))])
    return this.#o.fetch(`${this.#o.apiUrl}${path}`, { ...init, signal })
  }

  /** Waits `ms`; false when stopped meanwhile. */
  #sleep(ms: number): Promise<boolean> {
    const signal = this.#stop.signal
    if (signal.aborted) return Promise.resolve(false)
    return new Promise((done) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort)
        done(true)
      }, ms)
      const onAbort = () => {
        clearTimeout(timer)
        done(false)
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }
}
