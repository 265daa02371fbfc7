import { queryAnalyticsEvents } from '../../store/analytics.js'
import { effectCounts } from '../../store/effects.js'
import type { Store } from '../../store/index.js'
import { listDeliveries } from '../../store/webhooks.js'
import type { Handlers } from '../context.js'
import type { Knobs } from '../knobs.js'

/**
 * The sandbox's admin routes (the wallet and non-browser callers only): `GET`/`PUT /__sandbox/knobs`,
 * `GET /__sandbox/effects?appId=` (effect counts), `GET /__sandbox/analytics?appId=&name=&limit=` and
 * `GET /__sandbox/webhooks?appId=` (deliveries).
 *
 * @example
 * ```ts
 * const handlers = { ...adminRoutes({ store, getKnobs: () => knobs, setKnobs }) }
 * ```
 */
export function adminRoutes(deps: {
  store: Store
  getKnobs: () => Knobs
  setKnobs: (k: Knobs) => void
}): Handlers {
  const { store } = deps
  return {
    getKnobs: () => ({ status: 200, body: deps.getKnobs() }),
    putKnobs: (ctx) => {
      deps.setKnobs(ctx.body as Knobs)
      return { status: 200, body: deps.getKnobs() }
    },
    getSandboxEffects: ({ query }) => ({ status: 200, body: effectCounts(store, query.get('appId')!) }),
    getSandboxAnalytics: ({ query }) => {
      const name = query.get('name')
      const limit = query.get('limit')
      return {
        status: 200,
        body: queryAnalyticsEvents(store, query.get('appId')!, {
          ...(name === null ? {} : { name }),
          ...(limit === null ? {} : { limit: Number(limit) }),
        }),
      }
    },
    getSandboxWebhooks: ({ query }) => ({
      status: 200,
      body: {
        deliveries: listDeliveries(store, query.get('appId') ?? undefined).map((d) => ({
          id: d.id,
          appId: d.appId,
          type: d.type,
          url: d.url,
          attempts: d.attempts,
          status: d.status,
          ...(d.lastStatus === null ? {} : { lastStatus: d.lastStatus }),
        })),
      },
    }),
  }
}
