import { ChainlessError } from '@chainless/protocol'
import type { AnalyticsEvent } from './event.js'

/**
 * `track` refused an event because the queue holds its maximum (events queued or in flight, by
 * count or bytes): the platform is not keeping up or is unreachable. Code -32005 (limit exceeded).
 * Nothing was queued; back off (`await analytics.flush()`) or drop the event knowingly.
 *
 * @example
 * ```ts
 * try { analytics.track('page_view', { userId }) } catch (e) {
 *   if (e instanceof AnalyticsQueueFullError) metrics.increment('analytics.dropped')
 * }
 * ```
 */
export class AnalyticsQueueFullError extends ChainlessError {
  override name = 'AnalyticsQueueFullError'
  /** -32005, the SDK's "limit exceeded" code. */
  declare readonly code: -32005
  /** The bounds and what the queue held when it refused. */
  declare readonly data: { maxQueue: number; maxQueueBytes: number; queued: number; queuedBytes: number }
  constructor(data: AnalyticsQueueFullError['data']) {
    super('Analytics queue full', {
      details: `${data.queued} events (${data.queuedBytes} bytes) queued; bounds ${data.maxQueue} events, ${data.maxQueueBytes} bytes`,
      docsPath: 'packages/node-sdk#analytics',
    })
    this.code = -32005
    this.data = data
  }
}

/** `track` after `close()`: nothing was queued. */
export class AnalyticsClosedError extends ChainlessError {
  override name = 'AnalyticsClosedError'
  constructor() {
    super('Analytics closed', { docsPath: 'packages/node-sdk#analytics' })
  }
}

/**
 * A batch was not delivered. `dropped: false` (the platform was unreachable, timed out or kept
 * failing after the client's retries): the events stay queued for the next flush, and `events` is
 * every event still undelivered — persist them if the process must stop now. `dropped: true` (the
 * platform refused the batch as invalid, 400/413/422, so resending cannot help): `events` is that
 * batch, no longer queued. `cause` is the platform client's error.
 */
export class AnalyticsDeliveryError extends ChainlessError {
  override name = 'AnalyticsDeliveryError'
  /** Whether the events were given up (`true`) or are still queued (`false`). */
  declare readonly dropped: boolean
  /** The undelivered events (see the class description). */
  declare readonly events: readonly AnalyticsEvent[]
  constructor(options: { dropped: boolean; events: readonly AnalyticsEvent[]; cause: unknown }) {
    const reason =
      options.cause instanceof Error ? options.cause.message.split('\n')[0] : String(options.cause)
    super(options.dropped ? 'Analytics batch refused' : 'Analytics delivery failed', {
      details: `${options.events.length} event(s) ${options.dropped ? 'dropped' : 'kept for the next flush'}: ${reason}`,
      cause: options.cause,
      docsPath: 'packages/node-sdk#analytics',
    })
    this.dropped = options.dropped
    this.events = options.events
  }
}
