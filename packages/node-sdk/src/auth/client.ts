import { createRemoteJWKSet, type JWTVerifyGetKey, customFetch as joseFetch } from 'jose'
import {
  type AuthorizationServer,
  allowInsecureRequests,
  authorizationCodeGrantRequest,
  type Client,
  type ClientAuth,
  ClientSecretBasic,
  customFetch,
  discoveryRequest,
  introspectionRequest,
  None,
  processAuthorizationCodeResponse,
  processDiscoveryResponse,
  processIntrospectionResponse,
  processRefreshTokenResponse,
  processRevocationResponse,
  ResponseBodyError,
  refreshTokenGrantRequest,
  revocationRequest,
  skipStateCheck,
  type TokenEndpointResponse,
  validateAuthResponse,
  WWWAuthenticateChallengeError,
} from 'oauth4webapi'
import { OAuthError, PlatformError } from '../errors.js'
import { type VerifiedAccessToken, verifyAccessTokenJwt } from './access-token.js'

/** A `fetch` implementation (tests, proxies, agents). */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

/** Options of {@link createAuthClient}. */
export interface AuthClientOptions {
  /** The platform's issuer identifier, e.g. `https://api.chainless.example` (no trailing slash). */
  issuer: string
  /** Your app id (the OAuth `client_id`). */
  clientId: string
  /** Your app key: a confidential client (`client_secret_basic`). Omit for a public client (`none`). */
  clientSecret?: string | undefined
  /** `fetch` to use for every request. Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined
  /**
   * Allow plain `http:` endpoints. Default: only when the issuer is a loopback or `*.localhost` host
   * (the sandbox); production issuers must be https.
   */
  allowHttp?: boolean | undefined
  /**
   * Keys to verify access tokens with instead of the issuer's `jwks_uri` (e.g. jose
   * `createLocalJWKSet(jwks)` for tests or air-gapped services).
   */
  keySet?: JWTVerifyGetKey | undefined
  /** Tuning of the remote JWKS cache (jose `createRemoteJWKSet` options, ms). */
  jwks?: { cooldownDuration?: number; cacheMaxAge?: number; timeoutDuration?: number } | undefined
  /** Seconds of clock skew tolerated when verifying tokens. Default 0. */
  clockTolerance?: number | undefined
}

/** The tokens of a code exchange or refresh. */
export interface TokenSet {
  accessToken: string
  /** Present when the server issued one (always, on the Chainless platform). */
  refreshToken: string | undefined
  /** When the access token expires, ms since the epoch. */
  expiresAt: number
  /** Granted scopes, space-separated. */
  scope: string
}

/** An RFC 7662 introspection answer. */
export interface Introspection {
  active: boolean
  scope?: string | undefined
  client_id?: string | undefined
  sub?: string | undefined
  exp?: number | undefined
  iat?: number | undefined
  token_type?: string | undefined
  [claim: string]: unknown
}

/** What `GET /api/v1/userinfo` returns (claims filtered by the token's scopes). */
export interface UserInfo {
  sub: string
  address: string
  phone_number?: string | undefined
  email?: string | undefined
  [claim: string]: unknown
}

/** The OAuth client of a mini-program back end. Created by {@link createAuthClient}. */
export interface AuthClient {
  /** Redeems an authorization code (with its PKCE verifier) at the token endpoint. */
  exchangeCode(params: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenSet>
  /** Exchanges a refresh token for new tokens (the old refresh token is dead after: rotation). */
  refresh(refreshToken: string): Promise<TokenSet>
  /** Revokes an access or refresh token (RFC 7009). */
  revoke(token: string): Promise<void>
  /** Asks the platform whether a token is live (RFC 7662). */
  introspect(token: string): Promise<Introspection>
  /** The user's claims for this access token. */
  getUserInfo(accessToken: string): Promise<UserInfo>
  /** Verifies an access token locally against the platform's JWKS. */
  verifyAccessToken(
    token: string,
    options?: { requiredScopes?: readonly string[] },
  ): Promise<VerifiedAccessToken>
  /** The discovered RFC 8414 metadata. */
  metadata(): Promise<AuthorizationServer>
}

function isLocalHost(url: URL): boolean {
  const host = url.hostname
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost')
}

/** Turns oauth4webapi's errors into {@link OAuthError}; rethrows anything else. */
async function oauthError(error: unknown): Promise<never> {
  if (error instanceof ResponseBodyError) {
    throw new OAuthError(error.error, {
      error_description: error.error_description,
      status: error.status,
      cause: error,
    })
  }
  if (error instanceof WWWAuthenticateChallengeError) {
    // e.g. 401 invalid_client with `WWW-Authenticate: Basic`: the JSON body still says why.
    const body = (await error.response.json().catch(() => ({}))) as Record<string, unknown>
    const challenge = error.cause[0]?.parameters ?? {}
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
    const code =
      str(body.error) ?? challenge.error ?? (error.status === 401 ? 'invalid_client' : 'invalid_request')
    throw new OAuthError(code, {
      error_description: str(body.error_description) ?? challenge.error_description,
      status: error.status,
      cause: error,
    })
  }
  if (error instanceof OAuthError) throw error
  throw new OAuthError('server_error', {
    error_description: error instanceof Error ? error.message : String(error),
    cause: error,
  })
}

function tokenSet(response: TokenEndpointResponse, now: number): TokenSet {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    expiresAt: now + (response.expires_in ?? 0) * 1000,
    scope: response.scope ?? '',
  }
}

/**
 * The OAuth 2.0 client of a mini-program back end, on oauth4webapi: discovers the platform's RFC 8414
 * metadata once (lazily), redeems codes, refreshes, revokes, introspects, reads userinfo and verifies
 * access tokens against the JWKS (cached; refetched when a token names an unknown `kid`).
 *
 * @example
 * ```ts
 * const auth = createAuthClient({ issuer: 'http://localhost:8787', clientId: 'web2-shop', clientSecret: appKey })
 * const tokens = await auth.exchangeCode({ code, codeVerifier, redirectUri: 'http://web2-shop.localhost:8090/' })
 * const user = await auth.getUserInfo(tokens.accessToken)
 * const { sub, scopes } = await auth.verifyAccessToken(tokens.accessToken, { requiredScopes: ['user:basic'] })
 * ```
 */
export function createAuthClient(options: AuthClientOptions): AuthClient {
  const issuer = options.issuer
  const issuerUrl = new URL(issuer)
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init))
  const insecure = options.allowHttp ?? isLocalHost(issuerUrl)
  const request = {
    [customFetch]: fetchImpl as typeof fetch,
    ...(insecure ? { [allowInsecureRequests]: true } : {}),
  }
  const client: Client = { client_id: options.clientId }
  const clientAuth: ClientAuth = options.clientSecret ? ClientSecretBasic(options.clientSecret) : None()

  let discovery: Promise<AuthorizationServer> | undefined
  const metadata = (): Promise<AuthorizationServer> => {
    discovery ??= (async () => {
      const response = await discoveryRequest(issuerUrl, { algorithm: 'oauth2', ...request })
      return processDiscoveryResponse(issuerUrl, response)
    })().catch((error: unknown) => {
      discovery = undefined // retry on the next call
      return oauthError(error)
    })
    return discovery
  }

  let keys: JWTVerifyGetKey | undefined = options.keySet
  const keySet = async (): Promise<JWTVerifyGetKey> => {
    if (keys) return keys
    const as = await metadata()
    if (!as.jwks_uri) throw new OAuthError('server_error', { error_description: 'no jwks_uri' })
    keys ??= createRemoteJWKSet(new URL(as.jwks_uri), {
      ...options.jwks,
      [joseFetch]: (url, init) => fetchImpl(url, init),
    })
    return keys
  }

  return {
    metadata,
    async exchangeCode({ code, codeVerifier, redirectUri }) {
      try {
        const as = await metadata()
        // The front end checked `state` (js-sdk `authorize`); here only the code travels.
        const params = validateAuthResponse(as, client, new URLSearchParams({ code }), skipStateCheck)
        const response = await authorizationCodeGrantRequest(
          as,
          client,
          clientAuth,
          params,
          redirectUri,
          codeVerifier,
          request,
        )
        return tokenSet(await processAuthorizationCodeResponse(as, client, response), Date.now())
      } catch (error) {
        return oauthError(error)
      }
    },
    async refresh(refreshToken) {
      try {
        const as = await metadata()
        const response = await refreshTokenGrantRequest(as, client, clientAuth, refreshToken, request)
        return tokenSet(await processRefreshTokenResponse(as, client, response), Date.now())
      } catch (error) {
        return oauthError(error)
      }
    },
    async revoke(token) {
      try {
        const as = await metadata()
        const response = await revocationRequest(as, client, clientAuth, token, request)
        await processRevocationResponse(response)
      } catch (error) {
        await oauthError(error)
      }
    },
    async introspect(token) {
      try {
        const as = await metadata()
        const response = await introspectionRequest(as, client, clientAuth, token, request)
        return (await processIntrospectionResponse(as, client, response)) as Introspection
      } catch (error) {
        return oauthError(error)
      }
    },
    async getUserInfo(accessToken) {
      const response = await fetchImpl(`${issuer}/api/v1/userinfo`, {
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      })
      const type = response.headers.get('content-type') ?? ''
      const body: unknown = await response.json().catch(() => undefined)
      if (!response.ok || !type.includes('json') || typeof body !== 'object' || body === null) {
        throw platformError(response, body)
      }
      return body as UserInfo
    },
    async verifyAccessToken(token, verifyOptions = {}) {
      return verifyAccessTokenJwt(token, {
        issuer,
        clientId: options.clientId,
        keys: await keySet(),
        requiredScopes: verifyOptions.requiredScopes,
        clockTolerance: options.clockTolerance,
      })
    },
  }
}

/** A problem+json (RFC 9457) answer → {@link PlatformError}. */
function platformError(response: Response, body: unknown): PlatformError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
  const code = str(problem.code) ?? str(problem.title) ?? `http_${response.status}`
  return new PlatformError(code, {
    status: response.status,
    requestId: str(problem.requestId) ?? response.headers.get('x-request-id') ?? undefined,
    details: str(problem.detail),
  })
}
