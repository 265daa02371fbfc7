import { InvalidOptionError } from './invalid-option-error.js'

/** Options of a per-app token bucket (the host limits each app's calls). */
export interface RateLimitOptions {
  /** Burst size: tokens available at once (an integer ≥ 1). */
  capacity: number
  /** Tokens added per second (a finite number > 0). */
  refillPerSecond: number
}

/** Default per-app limit: bursts of 200 calls, 100 calls/s sustained. */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { capacity: 200, refillPerSecond: 100 }

/**
 * Checks rate-limit options; throws {@link InvalidOptionError} (naming `rateLimit.<field>`) when
 * `capacity` is not an integer ≥ 1 or `refillPerSecond` not a finite number > 0. A `NaN` or zero
 * refill would otherwise refuse every call forever, or grant every call.
 */
export function assertRateLimitOptions(options: RateLimitOptions): void {
  const { capacity, refillPerSecond } = options
  if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 1) {
    throw new InvalidOptionError('rateLimit.capacity', 'an integer ≥ 1')
  }
  if (typeof refillPerSecond !== 'number' || !Number.isFinite(refillPerSecond) || refillPerSecond <= 0) {
    throw new InvalidOptionError('rateLimit.refillPerSecond', 'a finite number > 0')
  }
}

/**
 * A token bucket. `take()` answers synchronously, so a flood is refused at the cost of a subtraction.
 * @see https://en.wikipedia.org/wiki/Token_bucket
 */
export class TokenBucket {
  #tokens: number
  #last: number
  readonly #capacity: number
  readonly #refillPerSecond: number
  readonly #now: () => number

  /** @throws {InvalidOptionError} when the options are not usable (see {@link assertRateLimitOptions}). */
  constructor(options: RateLimitOptions, now: () => number = () => performance.now()) {
    assertRateLimitOptions(options)
    // Copied: options changed later by the caller do not bypass the check.
    this.#capacity = options.capacity
    this.#refillPerSecond = options.refillPerSecond
    this.#now = now
    this.#tokens = options.capacity
    this.#last = now()
  }

  /** The bucket's clock, in ms (what refills are measured with). */
  now(): number {
    return this.#now()
  }

  /** Takes a token; returns 0 when granted, else the ms until one is available. */
  take(): number {
    const now = this.#now()
    const capacity = this.#capacity
    const refillPerSecond = this.#refillPerSecond
    this.#tokens = Math.min(capacity, this.#tokens + ((now - this.#last) / 1000) * refillPerSecond)
    this.#last = now
    if (this.#tokens >= 1) {
      this.#tokens -= 1
      return 0
    }
    return Math.ceil(((1 - this.#tokens) / refillPerSecond) * 1000)
  }
}
