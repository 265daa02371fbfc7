import { randomUUID } from 'node:crypto'
import { PlatformInputError } from '../../errors.js'

/** One event as the platform receives it (`POST /api/v1/analytics/events`). */
export interface AnalyticsEvent {
  /** Unique per event: the platform drops a second event with the same id (retries are harmless). */
  id: string
  name: string
  /** When it happened, ms since the epoch. */
  timestamp: number
  userId?: string
  /** A JSON object, at most 8 KiB serialised. */
  properties?: Record<string, unknown>
}

/** What `track` takes besides the name. */
export interface TrackOptions {
  /** The user of your app it concerns (the `sub` of their access token). */
  userId?: string | undefined
  /** A JSON object (at most 8 KiB serialised); copied when tracked, later changes do not leak in. */
  properties?: Readonly<Record<string, unknown>> | undefined
  /** When it happened: ms since the epoch or a `Date`. Default now. */
  timestamp?: number | Date | undefined
  /** Your own id (1..128 characters), e.g. to make re-tracking idempotent. Default a random UUID. */
  id?: string | undefined
}

/** Bounds of the platform's analytics API (contract). */
export const ANALYTICS_LIMITS = {
  nameLength: 128,
  idLength: 128,
  userIdLength: 128,
  /** Largest timestamp, ms (the ECMAScript Date range). */
  maxTimestamp: 8_640_000_000_000_000,
  propertiesBytes: 8 * 1024,
  batchEvents: 1_000,
  batchBytes: 1024 * 1024,
} as const

/** An event checked and serialised once, with its size in the request body. */
export interface QueuedEvent {
  event: AnalyticsEvent
  bytes: number
}

function text(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max)
    throw new PlatformInputError(field, `a string of 1..${max} characters`)
  return value
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Checks and copies one event for the queue, so the platform never refuses a batch for one bad
 * event: `name` 1..128, `id` 1..128, `userId` 1..128, `timestamp` a non-negative integer ms (or a
 * valid `Date`), `properties` a plain JSON object ≤ 8 KiB. Throws `PlatformInputError` naming the
 * field; nothing is queued then.
 *
 * @example
 * ```ts
 * const { event, bytes } = prepareEvent('signup', { userId, properties: { plan: 'pro' } }, Date.now)
 * ```
 */
export function prepareEvent(
  name: string,
  options: TrackOptions = {},
  now: () => number = Date.now,
  generateId: () => string = randomUUID,
): QueuedEvent {
  const event: AnalyticsEvent = {
    id: text('id', options.id ?? generateId(), ANALYTICS_LIMITS.idLength),
    name: text('name', name, ANALYTICS_LIMITS.nameLength),
    timestamp: 0,
  }
  const at = options.timestamp ?? now()
  const ms = at instanceof Date ? at.getTime() : at
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0 || ms > ANALYTICS_LIMITS.maxTimestamp)
    throw new PlatformInputError('timestamp', 'a non-negative integer of ms since the epoch, or a valid Date')
  // `+ 0` turns -0 into 0: what is queued is exactly what the wire carries.
  event.timestamp = ms + 0
  if (options.userId !== undefined)
    event.userId = text('userId', options.userId, ANALYTICS_LIMITS.userIdLength)
  if (options.properties !== undefined) {
    if (!isPlainObject(options.properties)) throw new PlatformInputError('properties', 'a plain JSON object')
    let json: string
    try {
      json = JSON.stringify(options.properties)
    } catch (cause) {
      // Cycles, BigInt, a throwing toJSON or getter, nesting past the stack.
      throw new PlatformInputError('properties', 'not serialisable as JSON', { cause })
    }
    if (Buffer.byteLength(json) > ANALYTICS_LIMITS.propertiesBytes)
      throw new PlatformInputError(
        'properties',
        `larger than ${ANALYTICS_LIMITS.propertiesBytes} bytes as JSON`,
      )
    const copy: unknown = JSON.parse(json)
    // An own `toJSON` can turn the object into anything else.
    if (!isPlainObject(copy)) throw new PlatformInputError('properties', 'a plain JSON object')
    event.properties = copy
  }
  return { event, bytes: Buffer.byteLength(JSON.stringify(event)) }
}
