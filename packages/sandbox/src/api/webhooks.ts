import { createHash, createHmac, randomBytes } from 'node:crypto'
import { validAppSecrets } from '../store/apps.js'
import { countEffect } from '../store/effects.js'
import type { Store } from '../store/index.js'
import {
  createDelivery,
  getDelivery,
  getWebhookUrl,
  pendingDeliveryIds,
  recordAttempt,
  type WebhookEventType,
} from '../store/webhooks.js'

/** Delivery options (the sandbox shortens the delays for tests). */
export interface WebhookOptions {
  /** First retry delay bound, ms (doubles per attempt, full jitter). Default 500. */
  baseDelayMs?: number
  /** Largest retry delay bound, ms. Default 60000. */
  maxDelayMs?: number
  /** Attempts before a delivery is `failed`. Default 8. */
  maxAttempts?: number
  /** Time allowed for one attempt's answer, ms. Default 5000. */
  timeoutMs?: number
}

/**
 * The v1 webhook signature (DESIGN.md, "Platform API"): lowercase hex HMAC-SHA256 keyed by the app key
 * (UTF-8) over `POST\nPATH?QUERY\nTIMESTAMP\nNONCE\nhex(sha256(body))`.
 *
 * @example
 * ```ts
 * const sig = webhookSignature({ appKey, pathAndQuery: '/hooks', timestamp: '1767225600', nonce, body })
 * // header: X-Chainless-Signature: v1=<sig>
 * ```
 */
export function webhookSignature(input: {
  appKey: string
  pathAndQuery: string
  timestamp: string
  nonce: string
  body: string | Buffer
}): string {
  const bodyHash = createHash('sha256').update(input.body).digest('hex')
  return createHmac('sha256', Buffer.from(input.appKey, 'utf8'))
    .update(`POST\n${input.pathAndQuery}\n${input.timestamp}\n${input.nonce}\n${bodyHash}`)
    .digest('hex')
}

/**
 * Delivers webhook events to the apps' back ends in the background: `POST <webhookUrl>` signed v1 with
 * the app's current key, retried with exponential backoff and full jitter until a 2xx, at most
 * `maxAttempts` times. Deliveries are in the store (`GET /__sandbox/webhooks`); pending ones resume when
 * a dispatcher starts on the same store.
 */
export class WebhookDispatcher {
  readonly #store: Store
  readonly #now: () => number
  readonly #random: () => number
  readonly #onError: (e: unknown) => void
  readonly #base: number
  readonly #max: number
  readonly #attempts: number
  readonly #timeout: number
  readonly #timers = new Set<NodeJS.Timeout>()
  readonly #aborts = new Set<AbortController>()
  #closed = false

  constructor(options: {
    store: Store
    now: () => number
    random?: () => number
    onError?: (e: unknown) => void
    webhooks?: WebhookOptions
  }) {
    this.#store = options.store
    this.#now = options.now
    this.#random = options.random ?? Math.random
    this.#onError = options.onError ?? (() => {})
    this.#base = options.webhooks?.baseDelayMs ?? 500
    this.#max = options.webhooks?.maxDelayMs ?? 60_000
    this.#attempts = options.webhooks?.maxAttempts ?? 8
    this.#timeout = options.webhooks?.timeoutMs ?? 5000
    if (!(this.#attempts >= 1) || !(this.#base >= 0) || !(this.#timeout > 0))
      throw new RangeError('maxAttempts >= 1, baseDelayMs >= 0, timeoutMs > 0')
    for (const id of pendingDeliveryIds(this.#store)) this.#schedule(id, 0)
  }

  /** Queues an event for the app's webhook URL (nothing when it has none). Answers the delivery id. */
  enqueue(event: { type: WebhookEventType; appId: string; data: unknown }): string | undefined {
    if (this.#closed) return undefined
    const url = getWebhookUrl(this.#store, event.appId)
    if (!url) return undefined
    const delivery = createDelivery(this.#store, { ...event, url })
    this.#schedule(delivery.id, 0)
    return delivery.id
  }

  /** Stops: no further attempts (pending deliveries stay pending in the store). */
  close(): void {
    this.#closed = true
    for (const t of this.#timers) clearTimeout(t)
    this.#timers.clear()
    for (const a of this.#aborts) a.abort()
  }

  #schedule(id: string, delayMs: number): void {
    if (this.#closed) return
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      this.#attempt(id).catch(this.#onError)
    }, delayMs)
    timer.unref()
    this.#timers.add(timer)
  }

  async #attempt(id: string): Promise<void> {
    const delivery = getDelivery(this.#store, id)
    if (delivery?.status !== 'pending' || this.#closed) return
    const appKey = validAppSecrets(this.#store, delivery.appId, this.#now())[0]
    if (!appKey) {
      // delisted app: nothing can sign its events any more
      recordAttempt(this.#store, id, 'failed', 0)
      return
    }
    const url = new URL(delivery.url)
    const timestamp = String(Math.floor(this.#now() / 1000))
    const nonce = randomBytes(18).toString('base64url')
    const signature = webhookSignature({
      appKey,
      pathAndQuery: url.pathname + url.search,
      timestamp,
      nonce,
      body: delivery.body,
    })
    const abort = new AbortController()
    this.#aborts.add(abort)
    const timer = setTimeout(() => abort.abort(), this.#timeout)
    let status = 0
    try {
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: abort.signal,
        headers: {
          'content-type': 'application/json',
          'x-chainless-timestamp': timestamp,
          'x-chainless-nonce': nonce,
          'x-chainless-signature': `v1=${signature}`,
          'x-chainless-event-id': delivery.id,
        },
        body: delivery.body,
      })
      status = res.status
      await res.body?.cancel().catch(() => undefined)
    } catch {
      status = 0 // refused, reset or timed out: retried like a 5xx
    } finally {
      clearTimeout(timer)
      this.#aborts.delete(abort)
    }
    if (this.#closed && status === 0) return
    const ok = status >= 200 && status < 300
    const attempts = delivery.attempts + 1
    const final = ok ? 'delivered' : attempts >= this.#attempts ? 'failed' : 'pending'
    this.#store.db.transaction(() => {
      recordAttempt(this.#store, id, final, status)
      if (ok) countEffect(this.#store, delivery.appId, 'webhookDeliveries')
    })()
    if (final === 'pending') {
      // exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and Jitter")
      const bound = Math.min(this.#max, this.#base * 2 ** (attempts - 1))
      this.#schedule(id, Math.floor(this.#random() * bound))
    }
  }
}
