import { type AnalyticsEventInput, insertAnalyticsEvents } from '../../store/analytics.js'
import type { Store } from '../../store/index.js'
import type { Handlers } from '../context.js'
import { ApiProblem } from '../problem.js'

/** Largest `properties` of an event: 8 KiB serialized. */
export const MAX_EVENT_PROPERTIES_BYTES = 8 * 1024
/** Body limit of `POST /api/v1/analytics/events`: 1 MiB. */
export const ANALYTICS_BODY_LIMIT = 1024 * 1024

/**
 * `POST /api/v1/analytics/events` (app, HMAC): 1..1000 events stored in one transaction, duplicates by
 * `(appId, id)` dropped. An event's `properties` over 8 KiB refuses the whole batch (400 `invalid_body`).
 *
 * @example
 * ```ts
 * const handlers = { ...analyticsRoutes({ store }) }
 * ```
 */
export function analyticsRoutes(deps: { store: Store }): Handlers {
  return {
    trackEvents: ({ appId, body }) => {
      const { events } = body as { events: AnalyticsEventInput[] }
      const errors = events.flatMap((e, i) =>
        e.properties !== undefined &&
        Buffer.byteLength(JSON.stringify(e.properties)) > MAX_EVENT_PROPERTIES_BYTES
          ? [{ pointer: `/events/${i}/properties`, message: `over ${MAX_EVENT_PROPERTIES_BYTES} bytes` }]
          : [],
      )
      if (errors.length)
        throw new ApiProblem(400, 'invalid_body', 'Event properties are limited to 8 KiB', {
          errors: errors.slice(0, 20),
        })
      return { status: 202, body: insertAnalyticsEvents(deps.store, appId!, events) }
    },
  }
}
