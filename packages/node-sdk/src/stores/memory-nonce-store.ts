import type { NonceStore } from './nonce-store.js'

/** Options of {@link MemoryNonceStore}. */
export interface MemoryNonceStoreOptions {
  /** Clock in ms (tests). Default `Date.now`. */
  now?: () => number
  /** Most nonces kept at once; the oldest are dropped beyond (bounds memory). Default 100,000. */
  maxSize?: number
}

/**
 * A {@link NonceStore} in this process's memory: nonces expire after their TTL and are consumed at
 * most once (a `Map` delete is atomic in one event loop). Not shared between processes.
 *
 * @example
 * ```ts
 * const nonces = new MemoryNonceStore()
 * const nonce = await issueNonce(nonces)
 * ```
 */
export class MemoryNonceStore implements NonceStore {
  readonly #expiries = new Map<string, number>()
  readonly #now: () => number
  readonly #maxSize: number
  constructor(options: MemoryNonceStoreOptions = {}) {
    this.#now = options.now ?? Date.now
    this.#maxSize = options.maxSize ?? 100_000
  }
  /** Remembers `nonce` until `ttlMs` from now. */
  add(nonce: string, ttlMs: number): void {
    this.#sweep()
    // Map keeps insertion order: the first key is the oldest.
    while (this.#expiries.size >= this.#maxSize) {
      const oldest = this.#expiries.keys().next().value
      if (oldest === undefined) break
      this.#expiries.delete(oldest)
    }
    this.#expiries.set(nonce, this.#now() + ttlMs)
  }
  /** `true` once for an issued, unexpired nonce. */
  consume(nonce: string): boolean {
    const expiry = this.#expiries.get(nonce)
    this.#expiries.delete(nonce)
    return expiry !== undefined && expiry > this.#now()
  }
  /** Number of nonces held (expired ones included until the next sweep). */
  get size(): number {
    return this.#expiries.size
  }
  #sweep(): void {
    // Oldest first, stop at the first live one: amortised O(1) when TTLs are alike.
    const now = this.#now()
    for (const [nonce, expiry] of this.#expiries) {
      if (expiry > now) break
      this.#expiries.delete(nonce)
    }
  }
}
