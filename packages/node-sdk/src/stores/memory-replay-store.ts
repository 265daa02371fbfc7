import { StoreFullError } from './errors.js'
import type { ReplayStore } from './replay-store.js'

/** Options of {@link MemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Clock in ms (tests). Default `Date.now`. */
  now?: () => number
  /** Most live keys held at once; beyond it `claim` throws {@link StoreFullError}. Default 100,000. */
  maxSize?: number
}

/**
 * A {@link ReplayStore} in this process's memory (a `Map` check-and-set is atomic in one event
 * loop). Bounded: expired keys are swept on each claim, and when `maxSize` live keys are held a new
 * claim throws rather than evict a live key (which would reopen it to replay). Not shared between
 * processes: use `RedisReplayStore` for that.
 *
 * @example
 * ```ts
 * const replay = new MemoryReplayStore()
 * await replay.claim('nonce:abc', 600_000) // true
 * await replay.claim('nonce:abc', 600_000) // false
 * ```
 */
export class MemoryReplayStore implements ReplayStore {
  readonly #expiries = new Map<string, number>()
  readonly #now: () => number
  readonly #maxSize: number
  constructor(options: MemoryReplayStoreOptions = {}) {
    this.#now = options.now ?? Date.now
    this.#maxSize = options.maxSize ?? 100_000
  }
  /** `true` the first time `key` is claimed within `ttlMs`, `false` while it is remembered. */
  claim(key: string, ttlMs: number): boolean {
    const now = this.#now()
    const expiry = this.#expiries.get(key)
    if (expiry !== undefined && expiry > now) return false
    this.#sweep(now, false)
    // At the bound, a full sweep (keys with longer TTLs may hide expired ones) before refusing.
    if (this.#expiries.size >= this.#maxSize) this.#sweep(now, true)
    if (this.#expiries.size >= this.#maxSize) throw new StoreFullError(this.#maxSize)
    // Re-insert so the Map's order stays by insertion time (the sweep relies on it).
    this.#expiries.delete(key)
    this.#expiries.set(key, now + ttlMs)
    return true
  }
  /** Number of keys held (expired ones included until the next sweep). */
  get size(): number {
    return this.#expiries.size
  }
  #sweep(now: number, full: boolean): void {
    // Oldest first; stop at the first live one unless `full`: amortised O(1) when TTLs are alike.
    for (const [key, expiry] of this.#expiries) {
      if (expiry > now) {
        if (full) continue
        break
      }
      this.#expiries.delete(key)
    }
  }
}
