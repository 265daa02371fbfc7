import type { Handlers } from '../context.js'
import type { AccessTokenContext } from '../oauth/access-token.js'
import { introspectHandler } from '../oauth/introspect.js'
import { metadataRoutes } from '../oauth/metadata.js'
import { revokeHandler } from '../oauth/revoke.js'
import { tokenHandler } from '../oauth/token.js'

/**
 * The authorization server's own operations: metadata (RFC 8414), token (RFC 6749 + RFC 7636),
 * revocation (RFC 7009) and introspection (RFC 7662). `context` is read per request (the issuer is
 * known once the server listens).
 *
 * @example
 * ```ts
 * const handlers = { ...oauthRoutes(() => ({ store, issuer, key, now })) }
 * ```
 */
export function oauthRoutes(context: () => AccessTokenContext): Handlers {
  return {
    ...metadataRoutes({ issuer: () => context().issuer }),
    token: tokenHandler(context),
    revoke: revokeHandler(context),
    introspect: introspectHandler(context),
  }
}
