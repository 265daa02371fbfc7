import { createHash } from 'node:crypto'
import { findIdempotentResponse, type StoredResponse, saveIdempotentResponse } from '../store/idempotency.js'
import type { Store } from '../store/index.js'
import { ApiProblem } from './problem.js'

/** A response as the pipeline sends it. */
export interface SentResponse {
  status: number
  body: string
  headers: Record<string, string>
}

/** What identifies a request for its Idempotency-Key: method, target as sent, body bytes. */
export function requestFingerprint(method: string, target: string, body: Buffer | undefined): string {
  const bodyHash = createHash('sha256')
    .update(body ?? Buffer.alloc(0))
    .digest('hex')
  return createHash('sha256').update(`${method}\n${target}\n${bodyHash}`).digest('hex')
}

/**
 * Runs effectful operations at most once per `(appId, Idempotency-Key)` (24 h, in the store): the first
 * successful (2xx) response is stored and replayed for retries with `Idempotent-Replayed: true`;
 * concurrent requests with one key wait for the first; an error response is not stored (nothing happened,
 * so a retry runs again).
 */
export class IdempotencyGate {
  readonly #store: Store
  readonly #inflight = new Map<string, Promise<unknown>>()
  constructor(store: Store) {
    this.#store = store
  }

  /**
   * Answers the stored response of `key`, or runs `produce` and stores its answer when it is a 2xx.
   * @throws {ApiProblem} 422 `idempotency_key_reused` (the key came with another request)
   */
  async run(
    appId: string,
    key: string,
    fingerprint: string,
    produce: () => Promise<SentResponse>,
  ): Promise<SentResponse> {
    const slot = `${appId}\u0000${key}`
    // a concurrent request with the same key: wait for it, then answer from the store
    for (let i = 0; i < 3; i++) {
      const pending = this.#inflight.get(slot)
      if (!pending) break
      await pending.catch(() => undefined)
    }
    const stored = findIdempotentResponse(this.#store, appId, key)
    if (stored) return replay(stored, fingerprint)
    const run = produce()
    this.#inflight.set(slot, run)
    try {
      const sent = await run
      if (sent.status >= 200 && sent.status < 300)
        saveIdempotentResponse(this.#store, appId, key, { fingerprint, ...sent })
      return sent
    } finally {
      if (this.#inflight.get(slot) === run) this.#inflight.delete(slot)
    }
  }
}

function replay(stored: StoredResponse, fingerprint: string): SentResponse {
  if (stored.fingerprint !== fingerprint)
    throw new ApiProblem(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was used with another request (method, path or body)',
    )
  return {
    status: stored.status,
    body: stored.body,
    headers: { ...stored.headers, 'idempotent-replayed': 'true' },
  }
}
