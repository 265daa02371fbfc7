import { InvalidOptionError } from './invalid-option-error.js'
import type { TokenBucket } from './rate-limit.js'

/** Options of a {@link FloodGate}. */
export interface FloodOptions {
  /** Refused messages tolerated per window; one more and the app is cut off. */
  maxRefusals: number
  /** Length of a counting window, in ms. */
  windowMs: number
}

/** An app refused more than 10 000 messages within 10 s is disconnected (reason `rate-limited`). */
export const DEFAULT_FLOOD: FloodOptions = { maxRefusals: 10_000, windowMs: 10_000 }

/** {@link FloodGate.admit}: the message is refused and gets no answer. */
export const DROP = -1
/** {@link FloodGate.admit}: the app keeps calling past its limit; end the session. */
export const CUT_OFF = -2

/**
 * What a session does with each message of an app that may be flooding: a token bucket in front,
 * then, once it is empty, ONE refusal answered per refill window (the app learns `retryAfterMs`), the
 * rest dropped without a word, and the app cut off once it was refused more than `maxRefusals` times
 * in a window. O(1) and allocation-free per message, so a flood costs the host almost nothing and
 * the other apps' calls are not queued behind thousands of answers.
 */
export class FloodGate {
  readonly #bucket: TokenBucket
  readonly #maxRefusals: number
  readonly #windowMs: number
  #quietUntil = Number.NEGATIVE_INFINITY
  #windowStart = Number.NEGATIVE_INFINITY
  #refusals = 0

  /** @throws {InvalidOptionError} when `maxRefusals` is not an integer ≥ 0 or `windowMs` not finite > 0. */
  constructor(bucket: TokenBucket, options: FloodOptions = DEFAULT_FLOOD) {
    const { maxRefusals, windowMs } = options
    if (typeof maxRefusals !== 'number' || !Number.isSafeInteger(maxRefusals) || maxRefusals < 0) {
      throw new InvalidOptionError('flood.maxRefusals', 'an integer ≥ 0')
    }
    if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0) {
      throw new InvalidOptionError('flood.windowMs', 'a finite number > 0')
    }
    this.#bucket = bucket
    this.#maxRefusals = maxRefusals
    this.#windowMs = windowMs
  }

  /**
   * Decides about one message: `0` admit it; a positive number: refuse it and answer 4290 with that
   * `retryAfterMs` (then call {@link FloodGate.answered}); {@link DROP}; or {@link CUT_OFF}.
   */
  admit(): number {
    const waitMs = this.#bucket.take()
    if (waitMs === 0) return 0
    const now = this.#bucket.now()
    if (now - this.#windowStart >= this.#windowMs) {
      this.#windowStart = now
      this.#refusals = 0
    }
    if (++this.#refusals > this.#maxRefusals) return CUT_OFF
    return now < this.#quietUntil ? DROP : waitMs
  }

  /** A refusal was answered with `retryAfterMs`: the others until then are dropped. */
  answered(retryAfterMs: number): void {
    this.#quietUntil = this.#bucket.now() + retryAfterMs
  }
}
