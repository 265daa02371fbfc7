import { InternalError } from '@chainless/protocol'
import { calculatePKCECodeChallenge, generateRandomCodeVerifier, generateRandomState } from 'oauth4webapi'
import { type CallOptions, call } from '../call.js'
import { isInHost } from '../is-in-host.js'
import { noWallet, StateMismatchError } from './errors.js'
import { parseScope, type ScopeInput } from './scope.js'

/** What {@link authorize} resolves with: hand all three to your back end, which redeems the code. */
export interface AuthorizationResult {
  /** One-time code (60 s), bound to the app, the account, the scopes, the challenge and the redirect URI. */
  code: string
  /** The PKCE verifier (RFC 7636): the token endpoint wants it with the code. Keep it off URLs and logs. */
  codeVerifier: string
  /** The state that was sent and checked on the way back. */
  state: string
}

/**
 * Asks the user, in the wallet, to grant `scope` to this app (consent sheet; phone and email are
 * confirmed twice) and resolves with a one-time authorization code for your back end to redeem at the
 * platform's token endpoint with `codeVerifier` (OAuth 2.0 code + PKCE S256). A fresh verifier and
 * state each call; the state is checked on the way back. Only the S256 challenge leaves this page.
 *
 * Rejects with -32602 for an unknown scope (before anything is sent), 4900 outside a wallet, 4001 when
 * the user declines, 4100 for a scope the manifest does not declare, {@link StateMismatchError} when
 * the echoed state differs, -32603 for a malformed reply.
 *
 * @example
 * ```ts
 * import { authorize } from '@chainless/js-sdk/auth'
 * const { code, codeVerifier } = await authorize({ scope: ['user:basic', 'user:phone'] })
 * await fetch('/api/login', { method: 'POST', body: JSON.stringify({ code, codeVerifier }) })
 * ```
 */
export async function authorize(
  { scope }: { scope: ScopeInput },
  options?: CallOptions,
): Promise<AuthorizationResult> {
  const scopes = parseScope(scope)
  if (!isInHost()) throw noWallet()
  const codeVerifier = generateRandomCodeVerifier()
  const state = generateRandomState()
  const codeChallenge = await calculatePKCECodeChallenge(codeVerifier)
  const reply: unknown = await call(
    'authAuthorize',
    { scope: scopes, codeChallenge, codeChallengeMethod: 'S256', state },
    options,
  )
  const { code, state: echoed } = Object(reply) as Record<string, unknown>
  if (typeof code !== 'string' || code.length < 16 || code.length > 512)
    throw new InternalError('Malformed reply')
  if (echoed !== state) throw new StateMismatchError()
  return { code, codeVerifier, state }
}
