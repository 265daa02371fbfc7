import { findApp, type Store, searchApps } from '../../store/index.js'
import type { Handlers } from '../context.js'
import { ApiProblem } from '../problem.js'
import { type PlatformKey, signManifest } from '../signing.js'

/**
 * The catalog: `GET /api/v1/apps?q=`, `GET /api/v1/apps/{appId}` and `GET /api/v1/apps/me` (HMAC).
 * Manifests are signed on each GET, with `iat` now and `exp` 24 h later.
 */
export function appRoutes(deps: {
  store: Store
  signingKey: PlatformKey
  issuer: () => string
  now: () => number
}): Handlers {
  const { store } = deps
  const sign = (appId: string) => {
    const manifest = findApp(store, appId)
    if (!manifest) throw new ApiProblem(404, 'app_not_found', `No app "${appId}"`)
    return signManifest(manifest, deps.signingKey, { issuer: deps.issuer(), nowMs: deps.now() })
  }
  return {
    searchApps: (ctx) => {
      const q = ctx.query.get('q') ?? undefined
      const limit = ctx.query.has('limit') ? Number(ctx.query.get('limit')) : 50
      return { status: 200, body: { apps: searchApps(store, { q, limit }) } }
    },
    getApp: async (ctx) => ({ status: 200, body: await sign(ctx.params.appId!) }),
    getOwnApp: async (ctx) => ({ status: 200, body: await sign(ctx.appId!) }),
  }
}
