import { CHAINLESS_DEV_CHAIN_ID, SCOPES, type Scope } from '@chainless/protocol'
import { AUTH_CODE_TTL_MS, issueCode, revokeCodes } from '../../store/auth-codes.js'
import { findApp, type Store } from '../../store/index.js'
import { consumeSiweNonce, issueSiweNonce } from '../../store/siwe-nonces.js'
import { revokeGrant } from '../../store/tokens.js'
import { createWalletSession, findWalletSession, type WalletSession } from '../../store/wallet-sessions.js'
import type { HandlerResult, Handlers, RequestContext } from '../context.js'
import { ApiProblem } from '../problem.js'
import { SiweError, type SiweExpectations, verifySiwe } from '../siwe.js'

/** What the wallet-auth routes need from the running API. */
export interface AuthHandlerDeps {
  /** The embedded store (nonces, wallet sessions, authorization codes). */
  store: Store
  /** The wallet's origin: SIWE `domain` (its host) and `uri` (the origin) of wallet sessions. */
  walletOrigin: string
  /** The platform chain's id (SIWE `chainId`). Default: the Chainless dev chain. */
  chainId?: number
  /** Clock in ms. Default: the store's. */
  now?: () => number
}

/** Body of `POST /oauth/wallet/authorize` (validated by the OpenAPI document before the handler). */
interface AuthorizeBody {
  clientId: string
  scope: string
  codeChallenge: string
  codeChallengeMethod: string
  redirectUri: string
  message: string
  signature: string
}

// RFC 6749 §5.2 error JSON: what OAuth clients parse (not problem+json).
const oauthError = (
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
) =>
  ({
    status,
    body: { error, error_description: description },
    headers: { 'cache-control': 'no-store', ...headers },
  }) satisfies HandlerResult

const bearer = (ctx: RequestContext): string | undefined => {
  const match = /^Bearer ([A-Za-z0-9_-]{1,256})$/.exec(ctx.req.headers.authorization ?? '')
  return match?.[1]
}

/**
 * The wallet-auth operations by operationId (DESIGN.md, "Flows" → "Wallet session" and "Authorization"):
 * `getWalletNonce`, `createWalletSession` (SIWE for the wallet origin → 1 h opaque bearer),
 * `walletAuthorize` (the consent's SIWE → a 60 s single-use code bound to client, account, scopes, S256
 * challenge and redirect URI) and `revokeWalletGrant` (the app's tokens and codes for the account die).
 *
 * @example
 * ```ts
 * const handlers = { ...authHandlers({ store, walletOrigin: 'http://localhost:8081', chainId: 49569 }) }
 * ```
 */
export function authHandlers(deps: AuthHandlerDeps): Handlers {
  const { store, walletOrigin } = deps
  const now = deps.now ?? store.now
  const chainId = deps.chainId ?? CHAINLESS_DEV_CHAIN_ID
  const verify = (message: string, signature: string, expected: Omit<SiweExpectations, 'chainId'>) =>
    verifySiwe({
      message,
      signature,
      expected: { ...expected, chainId },
      now: now(),
      consumeNonce: (nonce) => consumeSiweNonce(store, nonce),
    })
  const session = (ctx: RequestContext): WalletSession | undefined => {
    const token = bearer(ctx)
    return token === undefined ? undefined : findWalletSession(store, token)
  }

  return {
    getWalletNonce: () => ({ status: 200, body: { nonce: issueSiweNonce(store) } }),

    createWalletSession: (ctx) => {
      const { message, signature } = ctx.body as { message: string; signature: string }
      try {
        const siwe = verify(message, signature, {
          domain: new URL(walletOrigin).host,
          uri: walletOrigin,
          uriMatch: 'origin',
        })
        const { token, address, expiresAt } = createWalletSession(store, siwe.address)
        return { status: 200, body: { token, address, expiresAt } }
      } catch (e) {
        if (e instanceof SiweError)
          throw new ApiProblem(401, 'invalid_siwe', `${e.reason}: ${e.shortMessage}`)
        throw e
      }
    },

    walletAuthorize: (ctx) => {
      const wallet = session(ctx)
      if (!wallet)
        return oauthError(401, 'invalid_token', 'A live wallet session is required', {
          'www-authenticate': 'Bearer error="invalid_token"',
        })
      const body = ctx.body as AuthorizeBody
      const app = findApp(store, body.clientId)
      if (!app) return oauthError(400, 'invalid_request', 'Unknown client')
      if (app.status === 'delisted') return oauthError(400, 'unauthorized_client', 'The app is delisted')
      // RFC 7636 §4.2: plain is refused, S256 only (the schema says so too; kept for direct callers).
      if (body.codeChallengeMethod !== 'S256')
        return oauthError(400, 'invalid_request', 'code_challenge_method must be S256')
      const scopes = body.scope.split(' ')
      if (scopes.some((s) => s === '') || new Set(scopes).size !== scopes.length)
        return oauthError(400, 'invalid_scope', 'scope must be distinct scopes separated by single spaces')
      const declared = new Set<string>(app.scopes)
      const undeclared = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s) || !declared.has(s))
      if (undeclared.length)
        return oauthError(
          400,
          'invalid_scope',
          `Not declared by the app: ${undeclared.join(' ').slice(0, 200)}`,
        )
      const redirectUri = (app as { redirectUri?: string }).redirectUri ?? app.entryUrl
      if (body.redirectUri !== redirectUri)
        return oauthError(400, 'invalid_request', "redirectUri is not the app's redirect URI")
      try {
        verify(body.message, body.signature, {
          domain: new URL(app.origin).host,
          uri: redirectUri,
          uriMatch: 'exact',
          address: wallet.address,
          resources: scopes.map((s) => `urn:chainless:scope:${s}`),
        })
      } catch (e) {
        if (e instanceof SiweError) return oauthError(400, 'invalid_grant', `${e.reason}: ${e.shortMessage}`)
        throw e
      }
      const code = issueCode(store, {
        clientId: app.appId,
        account: wallet.address,
        scopes: scopes as Scope[],
        codeChallenge: body.codeChallenge,
        redirectUri,
      })
      return {
        status: 200,
        body: { code, expiresIn: AUTH_CODE_TTL_MS / 1000 },
        headers: { 'cache-control': 'no-store' },
      }
    },

    revokeWalletGrant: (ctx) => {
      const wallet = session(ctx)
      if (!wallet)
        throw new ApiProblem(401, 'invalid_session', 'A live wallet session is required', {
          headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
        })
      const appId = ctx.params.appId!
      revokeCodes(store, appId, wallet.address)
      revokeGrant(store, appId, wallet.address)
      return { status: 204 }
    },
  }
}
