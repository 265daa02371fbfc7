/** Options of the token-bucket rate limiter. */
export interface RateLimitOptions {
  /** Bucket size: requests allowed in a burst. Default 300. */
  capacity?: number
  /** Tokens added per second. Default 100. */
  refillPerSecond?: number
}

/**
 * A token bucket per key (client address, or app once authenticated). `take` answers 0 when the request
 * may go on, or the whole seconds to wait (for `Retry-After`, RFC 9110 §10.2.3).
 */
export class RateLimiter {
  readonly capacity: number
  readonly refillPerSecond: number
  readonly #buckets = new Map<string, { tokens: number; at: number }>()
  readonly #now: () => number
  constructor(options: RateLimitOptions = {}, now: () => number = Date.now) {
    this.capacity = options.capacity ?? 300
    this.refillPerSecond = options.refillPerSecond ?? 100
    if (!(this.capacity >= 1) || !(this.refillPerSecond > 0))
      throw new RangeError('capacity >= 1, refillPerSecond > 0')
    this.#now = now
  }
  /** Takes one token for `key`; answers 0, or seconds until a token is available. */
  take(key: string): number {
    const now = this.#now()
    const b = this.#buckets.get(key) ?? { tokens: this.capacity, at: now }
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond)
    b.at = now
    if (this.#buckets.size > 10_000) this.#prune(now)
    this.#buckets.set(key, b)
    if (b.tokens >= 1) {
      b.tokens -= 1
      return 0
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.refillPerSecond))
  }
  #prune(now: number) {
    for (const [k, b] of this.#buckets)
      if (b.tokens + ((now - b.at) / 1000) * this.refillPerSecond >= this.capacity) this.#buckets.delete(k)
  }
}
