import { randomUUID } from 'node:crypto'
import { PlatformError, PlatformInputError } from '../../errors.js'
import type { PlatformClient } from '../../platform/client.js'
import { AnalyticsClosedError, AnalyticsDeliveryError, AnalyticsQueueFullError } from './errors.js'
import {
  ANALYTICS_LIMITS,
  type AnalyticsEvent,
  prepareEvent,
  type QueuedEvent,
  type TrackOptions,
} from './event.js'
import { onTerminationSignal, type SignalOptions } from './signals.js'

/** Options of {@link createAnalytics}. */
export interface AnalyticsOptions {
  /** Most events per request, 1..1000. Default 500. */
  maxBatch?: number | undefined
  /** Largest request body, bytes, ≤ 1 MiB (the platform's bound). Default 1 MiB. */
  maxBatchBytes?: number | undefined
  /** A flush runs this often while events wait, ms; 0: only by size and on `flush()`. Default 5,000. */
  flushIntervalMs?: number | undefined
  /**
   * Most events held (queued and in flight); beyond it `track` throws {@link AnalyticsQueueFullError}.
   * Default 10,000.
   */
  maxQueue?: number | undefined
  /** Most bytes held (as sent); beyond it `track` throws {@link AnalyticsQueueFullError}. Default 16 MiB. */
  maxQueueBytes?: number | undefined
  /**
   * Flush and stop on SIGTERM and SIGINT (then the signal takes its course): `true`, or which signals
   * and how long to wait. Default `false`: your shutdown code calls `close()`.
   */
  handleSignals?: boolean | SignalOptions | undefined
  /**
   * Failures of background flushes (interval, size, signal): the error says whether its events were
   * kept for the next flush or dropped (refused as invalid). Default: `process.emitWarning`.
   */
  onError?: ((error: AnalyticsDeliveryError) => void) | undefined
  /** Clock for default timestamps, ms (tests). Default `Date.now`. */
  now?: (() => number) | undefined
  /** Event ids (tests). Default `crypto.randomUUID`. */
  generateId?: (() => string) | undefined
}

/** Batched, bounded event tracking; from {@link createAnalytics}. */
export interface Analytics {
  /**
   * Queues an event and returns its id. Synchronous: never waits for the network. Throws
   * `PlatformInputError` for a bad event, {@link AnalyticsQueueFullError} when the queue is at its
   * bound, {@link AnalyticsClosedError} after `close()`; nothing is queued then.
   */
  track(name: string, options?: TrackOptions): string
  /**
   * Sends every queued event (one batch at a time, each retried by the client). Rejects with
   * {@link AnalyticsDeliveryError} when a batch still fails: it and the rest stay queued.
   */
  flush(): Promise<void>
  /**
   * Stops the timer and signal handlers, refuses new events and flushes everything. Rejects with
   * {@link AnalyticsDeliveryError} (its `events`: all undelivered) when the platform cannot take them.
   */
  close(): Promise<void>
  /** Events queued or in flight. */
  readonly pending: number
}

const PATH = '/api/v1/analytics/events'
// `{"events":[` + `]}`: the body around the events, and one comma between two.
const ENVELOPE_BYTES = 13

function bound(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback
  if (!Number.isSafeInteger(v) || v < min || v > max)
    throw new PlatformInputError(name, `an integer in ${min}..${max}, got ${String(value)}`)
  return v
}

/** Refused as invalid: resending the same batch cannot succeed. */
const permanent = (error: unknown): boolean =>
  error instanceof PlatformInputError ||
  (error instanceof PlatformError && (error.status === 400 || error.status === 413 || error.status === 422))

/**
 * Event tracking for a back end: `track` queues (synchronously, bounded by `maxQueue` events and
 * `maxQueueBytes`), batches go to `POST /api/v1/analytics/events` when `maxBatch` events (or the
 * 1 MiB body) are ready and every `flushIntervalMs`, one request at a time. Each event has an id, so
 * a batch retried by the client, or resent by a later flush after a failure, has no second effect.
 * A batch that fails after the client's retries stays queued (reported to `onError`); `close()`
 * flushes everything. Opt in to `handleSignals` to flush on SIGTERM/SIGINT.
 *
 * @example
 * ```ts
 * const client = createPlatformClient({ appId, appKey, baseUrl })
 * const analytics = createAnalytics(client, { handleSignals: true })
 * analytics.track('checkout_completed', { userId, properties: { total: 42 } })
 * // on shutdown
 * await analytics.close()
 * ```
 */
export function createAnalytics(client: PlatformClient, options: AnalyticsOptions = {}): Analytics {
  const maxBatch = bound('maxBatch', options.maxBatch, 500, 1, ANALYTICS_LIMITS.batchEvents)
  const maxBatchBytes = bound(
    'maxBatchBytes',
    options.maxBatchBytes,
    ANALYTICS_LIMITS.batchBytes,
    16 * 1024,
    ANALYTICS_LIMITS.batchBytes,
  )
  const flushIntervalMs = bound('flushIntervalMs', options.flushIntervalMs, 5_000, 0, 2 ** 31 - 1)
  const maxQueue = bound('maxQueue', options.maxQueue, 10_000, 1, 10_000_000)
  const maxQueueBytes = bound('maxQueueBytes', options.maxQueueBytes, 16 * 1024 * 1024, 16 * 1024, 2 ** 40)
  const now = options.now ?? Date.now
  const generateId = options.generateId ?? randomUUID
  const report =
    options.onError ??
    ((error: AnalyticsDeliveryError) =>
      process.emitWarning(error.message, { type: 'AnalyticsDeliveryError' }))

  // Events stay at the head of the queue until the platform accepted them: a failed batch is resent.
  const queue: QueuedEvent[] = []
  let queuedBytes = 0
  let draining: Promise<void> | undefined
  let closed = false
  // After a failure, size-triggered flushes wait for the next tick instead of hammering the platform.
  let quietUntil = 0

  const takeBatch = (): QueuedEvent[] => {
    let bytes = ENVELOPE_BYTES
    let n = 0
    while (n < queue.length && n < maxBatch) {
      const next = queue[n] as QueuedEvent
      if (n > 0 && bytes + next.bytes + 1 > maxBatchBytes) break
      bytes += next.bytes + (n > 0 ? 1 : 0)
      n++
    }
    return queue.slice(0, n)
  }
  const remove = (n: number) => {
    for (const q of queue.splice(0, n)) queuedBytes -= q.bytes
  }
  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = takeBatch()
      const events: AnalyticsEvent[] = batch.map((q) => q.event)
      try {
        await client.request('POST', PATH, { body: { events } })
      } catch (cause) {
        if (!permanent(cause)) {
          quietUntil = Date.now() + Math.max(flushIntervalMs, 1_000)
          throw new AnalyticsDeliveryError({ dropped: false, events: queue.map((q) => q.event), cause })
        }
        remove(batch.length)
        report(new AnalyticsDeliveryError({ dropped: true, events, cause }))
        continue
      }
      remove(batch.length)
    }
  }
  const flush = async (): Promise<void> => {
    // One drain at a time; a flush asked during one waits for it, then sends what is left.
    while (draining) await draining.catch(() => {})
    if (queue.length === 0) return
    draining = drain().finally(() => {
      draining = undefined
    })
    return draining
  }
  const background = () => {
    if (draining || queue.length === 0) return
    flush().catch(report)
  }

  const timer = flushIntervalMs > 0 ? setInterval(background, flushIntervalMs) : undefined
  // The timer never keeps the process alive: a graceful stop calls close().
  timer?.unref()

  const close = async (): Promise<void> => {
    closed = true
    if (timer) clearInterval(timer)
    unregister?.()
    await flush()
  }
  const unregister = options.handleSignals
    ? onTerminationSignal(
        async (timeoutMs) => {
          let timeout: NodeJS.Timeout | undefined
          const expired = new Promise<'expired'>((resolve) => {
            timeout = setTimeout(() => resolve('expired'), timeoutMs)
          })
          try {
            const outcome = await Promise.race([close(), expired])
            if (outcome === 'expired')
              report(
                new AnalyticsDeliveryError({
                  dropped: false,
                  events: queue.map((q) => q.event),
                  cause: new Error(`flush took longer than ${timeoutMs} ms at shutdown`),
                }),
              )
          } catch (error) {
            if (error instanceof AnalyticsDeliveryError) report(error)
          } finally {
            clearTimeout(timeout)
          }
        },
        options.handleSignals === true ? {} : options.handleSignals,
      )
    : undefined

  return {
    track(name, trackOptions) {
      if (closed) throw new AnalyticsClosedError()
      const queued = prepareEvent(name, trackOptions, now, generateId)
      if (queue.length >= maxQueue || queuedBytes + queued.bytes > maxQueueBytes)
        throw new AnalyticsQueueFullError({ maxQueue, maxQueueBytes, queued: queue.length, queuedBytes })
      queue.push(queued)
      queuedBytes += queued.bytes
      if ((queue.length >= maxBatch || queuedBytes >= maxBatchBytes) && Date.now() >= quietUntil) background()
      return queued.event.id
    },
    flush,
    close,
    get pending() {
      return queue.length
    },
  }
}
