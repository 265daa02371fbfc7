/** Options of a {@link TokenBucket}. */
export interface RateLimitOptions {
  /** Burst size: tokens available at once. */
  capacity: number
  /** Tokens added per second. */
  refillPerSecond: number
}

/** Default per-app limit: bursts of 200 calls, 100 calls/s sustained. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 200, refillPerSecond: 100 }

/**
 * A token bucket. `take()` answers synchronously, so a flood is refused at the cost of a subtraction.
 * @see https://en.wikipedia.org/wiki/Token_bucket
 */
export class TokenBucket {
  #tokens: number
  #last: number
  readonly #options: RateLimitOptions
  readonly #now: () => number

  constructor(options: RateLimitOptions, now: () => number = () => performance.now()) {
    this.#options = options
    this.#now = now
    this.#tokens = options.capacity
    this.#last = now()
  }

  /** Takes a token; returns 0 when granted, else the ms until one is available. */
  take(): number {
    const now = this.#now()
    const { capacity, refillPerSecond } = this.#options
    this.#tokens = Math.min(capacity, this.#tokens + ((now - this.#last) / 1000) * refillPerSecond)
    this.#last = now
    if (this.#tokens >= 1) {
      this.#tokens -= 1
      return 0
    }
    return Math.ceil(((1 - this.#tokens) / refillPerSecond) * 1000)
  }
}
