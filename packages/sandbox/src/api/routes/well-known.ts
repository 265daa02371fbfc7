import type { Handlers } from '../context.js'
import { type PlatformKey, publicJwk } from '../signing.js'

/** `GET /.well-known/jwks.json`: the platform's public manifest-signing keys. */
export function wellKnownRoutes(deps: { keys: readonly PlatformKey[] }): Handlers {
  return {
    getJwks: () => ({
      status: 200,
      body: { keys: deps.keys.map(publicJwk) },
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  }
}
