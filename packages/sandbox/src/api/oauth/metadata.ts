import { SCOPES } from '@chainless/protocol'
import type { Handlers } from '../context.js'

const AUTH_METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const

/** The RFC 8414 metadata document of the authorization server whose issuer is `issuer`. */
export interface AuthorizationServerMetadata {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  revocation_endpoint: string
  introspection_endpoint: string
  jwks_uri: string
  userinfo_endpoint: string
  scopes_supported: string[]
  response_types_supported: ['code']
  grant_types_supported: ['authorization_code', 'refresh_token']
  code_challenge_methods_supported: ['S256']
  token_endpoint_auth_methods_supported: string[]
  revocation_endpoint_auth_methods_supported: string[]
  introspection_endpoint_auth_methods_supported: string[]
}

/**
 * Builds the metadata: `issuer` exactly (RFC 8414 §3.3: clients compare it byte for byte with the URL
 * they discovered from), every endpoint under it.
 *
 * @example
 * ```ts
 * authorizationServerMetadata('http://127.0.0.1:8080').token_endpoint // 'http://127.0.0.1:8080/oauth/token'
 * ```
 */
export function authorizationServerMetadata(issuer: string): AuthorizationServerMetadata {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/wallet/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    userinfo_endpoint: `${issuer}/api/v1/userinfo`,
    scopes_supported: [...SCOPES],
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  }
}

/** `GET /.well-known/oauth-authorization-server`. */
export function metadataRoutes(deps: { issuer: () => string }): Handlers {
  return {
    getAuthorizationServerMetadata: () => ({
      status: 200,
      body: authorizationServerMetadata(deps.issuer()),
      headers: { 'cache-control': 'public, max-age=300' },
    }),
  }
}
