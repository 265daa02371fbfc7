import { InternalError, SCOPES, type Scope } from '@chainless/protocol'
import { call } from '../call.js'
import { on } from '../events.js'
import { isInHost } from '../is-in-host.js'
import { noWallet } from './errors.js'
import { parseScope, type ScopeInput } from './scope.js'

/** An access token the wallet keeps for this app and the current account. */
export interface AccessToken {
  /** RFC 9068 JWT: send it as `Authorization: Bearer …`; your back end verifies it (node-sdk). */
  accessToken: string
  /** ms since epoch. */
  expiresAt: number
  /** The scopes it carries. */
  scope: readonly Scope[]
}

/** Options of {@link getAccessToken}. */
export interface AccessTokenOptions {
  /** Scopes the token must carry; the wallet asks the user for the ones not granted yet. */
  scope?: ScopeInput
  /**
   * The platform refused the token (401): skip the cache and ask the wallet to refresh. Concurrent
   * callers share one request.
   */
  refresh?: boolean
}

// A token is reused until 5 minutes before it expires (the host refreshes from then on).
const MARGIN_MS = 5 * 60_000

let cached: AccessToken | undefined
// One request in flight per scope set, however many callers wait for it.
const inFlight = new Map<string, Promise<AccessToken>>()
// Bumped when the cache is cleared: a reply asked for before that is not kept.
let generation = 0
let listening = false

/** @internal Forgets the cached token and the requests in flight (account changed, revoked, logout). */
function clear(): void {
  cached = undefined
  inFlight.clear()
  generation++
}

const covers = (token: AccessToken | undefined, scopes: readonly Scope[]): token is AccessToken =>
  !!token && token.expiresAt - MARGIN_MS > Date.now() && scopes.every((s) => token.scope.includes(s))

// The reply comes from the host: checked as untrusted, never handed on malformed.
function expectToken(reply: unknown): AccessToken {
  const { accessToken, expiresAt, scope } = Object(reply) as Record<string, unknown>
  if (
    typeof accessToken === 'string' &&
    accessToken.length >= 16 &&
    accessToken.length <= 8192 &&
    Number.isSafeInteger(expiresAt) &&
    Array.isArray(scope) &&
    scope.every((s) => SCOPES.includes(s))
  ) {
    // Frozen: every caller gets the cached object, none can change it for the others.
    return Object.freeze({ accessToken, expiresAt: expiresAt as number, scope: Object.freeze([...scope]) })
  }
  throw new InternalError('Malformed reply')
}

function token(input: ScopeInput | undefined, refresh?: boolean): Promise<AccessToken> {
  const scopes = input === undefined ? [] : parseScope(input)
  if (!isInHost()) throw noWallet()
  if (!listening) {
    listening = true
    on('accountsChanged', clear)
    on('authRevoked', clear)
  }
  if (!refresh && covers(cached, scopes)) return Promise.resolve(cached)
  const key = [...scopes].sort().join(' ') + (refresh ? ' !' : '')
  let request = inFlight.get(key)
  if (!request) {
    const asked = generation
    request = call(
      'authGetAccessToken',
      refresh
        ? { scope: scopes.length ? scopes : undefined, refresh }
        : scopes.length
          ? { scope: scopes }
          : undefined,
    )
      .then(expectToken)
      .then((fresh) => {
        if (asked === generation) cached = fresh
        return fresh
      })
      .finally(() => {
        if (inFlight.get(key) === request) inFlight.delete(key)
      })
    inFlight.set(key, request)
  }
  return request
}

/**
 * An access token for this app and the current account, from the tokens the wallet keeps for it
 * (encrypted at rest, refreshed 5 minutes before expiry). Cached here until 5 minutes before it
 * expires; concurrent callers share one bridge call. With `scope`, the wallet asks the user for the
 * scopes not granted yet. The cache is cleared when the account changes, when the user revokes the
 * app (`authRevoked`) and on {@link logout}.
 *
 * Rejects with 4001 when the user declines, 4100 for a scope the manifest does not declare or a grant
 * the platform refused (`data.reason === 'invalid_grant'`: ask again with {@link login}),
 * `PlatformUnavailableError` (-32002) when the platform stayed down through the wallet's retries
 * (4 attempts, backoff with jitter; nothing is cached, the next call tries again), 4900 outside a
 * wallet.
 *
 * @example
 * ```ts
 * import { getAccessToken } from '@chainless/js-sdk/auth'
 * const res = await fetch('/api/orders', { headers: { Authorization: `Bearer ${await getAccessToken()}` } })
 * ```
 */
export async function getAccessToken(options: AccessTokenOptions = {}): Promise<string> {
  return (await token(options.scope, options.refresh)).accessToken
}

/**
 * Logs the user in for an app without a back end: the wallet authorizes `scope` (consent), redeems the
 * code as a public client and keeps the tokens. Resolves with the access token, its expiry and scopes.
 * Needs the wallet: outside one it rejects with 4900 at once — a plain tab has no consent sheet to ask
 * the user on and no account to sign the authorization with, so there is no code to redeem.
 *
 * @example
 * ```ts
 * import { login } from '@chainless/js-sdk/auth'
 * const { accessToken, expiresAt } = await login({ scope: 'user:basic user:email' })
 * ```
 */
export async function login({ scope }: { scope: ScopeInput }): Promise<AccessToken> {
  return token(parseScope(scope))
}

/**
 * Logs out: the wallet revokes the app's tokens for the current account at the platform and forgets
 * them; the cache here is cleared first, whatever the outcome.
 */
export async function logout(): Promise<void> {
  if (!isInHost()) throw noWallet()
  clear()
  await call('authLogout', undefined)
}
