import { RateLimitedError, type UiActionMethodName } from '@chainless/protocol'
import { type RateLimitOptions, TokenBucket } from '../rate-limit.js'

/**
 * Default per-app, per-method limits of the UI actions, on top of the host's per-app call limit. What
 * the user sees (popups, links, share and clipboard sheets, the camera) is held to a few a minute, so
 * an app cannot bury the user under sheets or tabs; cheap ones (haptics, the main button) to a few a
 * second.
 */
export const DEFAULT_UI_ACTION_LIMITS: Readonly<Record<UiActionMethodName, RateLimitOptions>> = Object.freeze(
  {
    uiOpenLink: { capacity: 3, refillPerSecond: 10 / 60 },
    uiShowPopup: { capacity: 3, refillPerSecond: 10 / 60 },
    uiShare: { capacity: 3, refillPerSecond: 10 / 60 },
    uiWriteClipboard: { capacity: 5, refillPerSecond: 30 / 60 },
    uiScanQr: { capacity: 2, refillPerSecond: 6 / 60 },
    uiHaptic: { capacity: 10, refillPerSecond: 10 },
    uiSetMainButton: { capacity: 20, refillPerSecond: 10 },
    uiExpand: { capacity: 5, refillPerSecond: 1 },
  },
)

/**
 * @internal One token bucket per app and method, created on the app's first call of the method and
 * dropped with the app (weakly held).
 */
export class UiActionLimiter<App extends object> {
  readonly #limits: Readonly<Record<UiActionMethodName, RateLimitOptions>>
  readonly #buckets = new WeakMap<App, Map<UiActionMethodName, TokenBucket>>()
  readonly #now: (() => number) | undefined

  /** @throws {InvalidOptionError} when a limit is not usable (`rateLimit.capacity` & co.). */
  constructor(limits: Partial<Record<UiActionMethodName, RateLimitOptions>> = {}, now?: () => number) {
    this.#limits = { ...DEFAULT_UI_ACTION_LIMITS, ...limits }
    this.#now = now
    // Checked now (a throwaway bucket per method), not on an app's first call.
    for (const options of Object.values(this.#limits)) new TokenBucket(options, now)
  }

  /** Takes a token for `app`'s call of `method`; throws 4290 with `data.retryAfterMs` when none is left. */
  take(app: App, method: UiActionMethodName): void {
    let buckets = this.#buckets.get(app)
    if (!buckets) {
      buckets = new Map()
      this.#buckets.set(app, buckets)
    }
    let bucket = buckets.get(method)
    if (!bucket) {
      bucket = new TokenBucket(this.#limits[method], this.#now)
      buckets.set(method, bucket)
    }
    const retryAfterMs = bucket.take()
    if (retryAfterMs > 0) throw new RateLimitedError('Rate limited', { method, retryAfterMs })
  }
}
