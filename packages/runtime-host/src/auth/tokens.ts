/**
 * `authGetAccessToken` and `authLogout`: the host keeps each app's tokens per app and account (in the
 * {@link TokenVault}, encrypted), refreshes them when under 5 minutes remain (one refresh in flight per
 * app and account however many callers wait), and otherwise runs the authorization itself as the
 * app's public client: PKCE pair, consent and code ({@link Authorizer}), code exchange.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6 · https://www.rfc-editor.org/rfc/rfc7636 ·
 * https://www.rfc-editor.org/rfc/rfc7009
 */
import { SCOPES, type Scope, UnauthorizedError } from '@chainless/protocol'
import type { AppHandle } from '../app-handle.js'
import type { GrantStore } from '../grants.js'
import type { WalletController } from '../wallet/controller.js'
import { type Authorizer, redirectUriOf } from './authorize.js'
import { AuthPlatformError, type PlatformClient } from './platform.js'
import type { TokenRecord, TokenVault } from './token-vault.js'

/**
 * An app's `refresh: true` (the platform answered 401 to its token) is honoured once per this span
 * per app and account: a looping app cannot turn the wallet into a refresh hammer.
 */
export const MIN_FORCED_REFRESH_MS = 10_000

/** Tokens are refreshed when less than this remains: 5 minutes. */
export const REFRESH_BEFORE_MS = 5 * 60_000

/** `authGetAccessToken`'s result. */
export interface AccessTokenResult {
  accessToken: string
  /** ms since the epoch. */
  expiresAt: number
  scope: readonly Scope[]
}

/** The token endpoint's answer (RFC 6749 §5.1). */
interface TokenAnswer {
  access_token: string
  token_type: string
  expires_in: number
  refresh_token?: string
  scope?: string
}

/** @internal What {@link HostTokens} needs. */
export interface HostTokensDeps {
  controller: WalletController
  /** What the user granted: tokens carrying a scope no longer granted are revoked, not handed out. */
  grants: GrantStore
  authorizer: Authorizer
  platform: PlatformClient
  vault: TokenVault
  now?: () => number
}

/** @internal The `authGetAccessToken` / `authLogout` handlers. */
export class HostTokens {
  readonly #deps: HostTokensDeps
  /** Refresh or authorization in flight, per app and account. */
  readonly #inflight = new Map<string, Promise<TokenRecord>>()

  constructor(deps: HostTokensDeps) {
    this.#deps = deps
  }

  /** An access token of the app for the current account with `scope` (default: what it holds, else `user:basic`). */
  async getAccessToken(
    params: { scope?: readonly Scope[]; refresh?: boolean } | undefined,
    app: AppHandle,
    signal: AbortSignal,
  ): Promise<AccessTokenResult> {
    const account = await this.#deps.controller.ready()
    if (!account)
      throw new UnauthorizedError('No account', undefined, { details: 'The signer has no account' })
    const appId = app.manifest.appId
    const key = JSON.stringify([appId, account])
    // Twice at most: a shared operation may have been for other scopes than ours.
    for (let round = 0; ; round++) {
      let record = await this.#deps.vault.get(appId, account)
      const granted = this.#deps.grants.list(appId, account)
      if (record && !record.scope.every((scope) => granted.includes(scope))) {
        // The user revoked a scope in the wallet since: these tokens must not be used again.
        await this.forget(appId, account, true).catch(() => undefined)
        record = undefined
      }
      const wanted = params?.scope ?? record?.scope ?? (['user:basic'] as const)
      const forced =
        params?.refresh === true &&
        round === 0 &&
        !(record?.obtainedAt !== undefined && this.#now() - record.obtainedAt < MIN_FORCED_REFRESH_MS)
      if (!forced && record && covers(record, wanted) && record.expiresAt - this.#now() > REFRESH_BEFORE_MS) {
        return result(record)
      }
      const running = this.#inflight.get(key)
      if (running && round === 0) {
        const shared = await running
        if (covers(shared, wanted) && shared.expiresAt - this.#now() > REFRESH_BEFORE_MS)
          return result(shared)
        continue
      }
      const op = this.#obtain(app, account, record, wanted, signal).finally(() => {
        if (this.#inflight.get(key) === op) this.#inflight.delete(key)
      })
      this.#inflight.set(key, op)
      return result(await op)
    }
  }

  /** `authLogout`: revokes the app's tokens for the current account at the platform and forgets them. */
  async logout(app: AppHandle): Promise<null> {
    const account = await this.#deps.controller.ready()
    if (account) await this.forget(app.manifest.appId, account, true)
    return null
  }

  /** Forgets the tokens of `appId` for `account`; with `revoke`, revokes them at the platform first (RFC 7009). */
  async forget(appId: string, account: string, revoke: boolean): Promise<void> {
    const record = await this.#deps.vault.get(appId, account)
    await this.#deps.vault.delete(appId, account)
    if (!record || !revoke) return
    // The refresh token's family dies with it; the access token's jti is denylisted until it expires.
    for (const [token, hint] of [
      [record.refreshToken, 'refresh_token'],
      [record.accessToken, 'access_token'],
    ] as const) {
      if (!token) continue
      await this.#deps.platform.call('POST', '/oauth/revoke', {
        form: { token, token_type_hint: hint, client_id: appId },
      })
    }
  }

  /** Refresh when the held tokens carry the scopes; else (or when refresh is refused) authorize again. */
  async #obtain(
    app: AppHandle,
    account: string,
    record: TokenRecord | undefined,
    wanted: readonly Scope[],
    signal: AbortSignal,
  ): Promise<TokenRecord> {
    const appId = app.manifest.appId
    if (record?.refreshToken && covers(record, wanted)) {
      try {
        const answer = await this.#deps.platform.call<TokenAnswer>('POST', '/oauth/token', {
          form: { grant_type: 'refresh_token', refresh_token: record.refreshToken, client_id: appId },
          signal,
          // The platform rotates on receipt: a blind retry after a lost answer is reuse (family revoked).
          retry: 'unsent',
        })
        return await this.#store(appId, account, answer, record.scope)
      } catch (error) {
        // Rotated away, revoked, expired: the tokens are dead; anything else (network) is the caller's.
        if (!(error instanceof AuthPlatformError) || error.error !== 'invalid_grant') throw error
        await this.#deps.vault.delete(appId, account)
      }
    }
    // Incremental: the new tokens carry what the app held plus what it asks now.
    const scopes = SCOPES.filter((s) => wanted.includes(s) || (record?.scope.includes(s) ?? false))
    const { verifier, challenge } = await pkcePair()
    const code = await this.#deps.authorizer.code(app, account, scopes, challenge, signal)
    const answer = await this.#deps.platform.call<TokenAnswer>('POST', '/oauth/token', {
      form: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUriOf(app.manifest),
        code_verifier: verifier,
        client_id: appId,
      },
      signal,
    })
    return this.#store(appId, account, answer, scopes)
  }

  async #store(
    appId: string,
    account: string,
    answer: TokenAnswer,
    asked: readonly Scope[],
  ): Promise<TokenRecord> {
    if (typeof answer?.access_token !== 'string' || !Number.isFinite(answer.expires_in)) {
      throw new AuthPlatformError('invalid_token_response', 200)
    }
    const said = typeof answer.scope === 'string' ? answer.scope.split(' ') : asked
    const record: TokenRecord = {
      accessToken: answer.access_token,
      ...(typeof answer.refresh_token === 'string' ? { refreshToken: answer.refresh_token } : {}),
      expiresAt: Math.floor(this.#now() + answer.expires_in * 1000),
      scope: SCOPES.filter((s) => said.includes(s)),
      obtainedAt: this.#now(),
    }
    await this.#deps.vault.set(appId, account, record)
    return record
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)()
  }
}

function covers(record: TokenRecord, wanted: readonly Scope[]): boolean {
  return wanted.every((scope) => record.scope.includes(scope))
}

function result(record: TokenRecord): AccessTokenResult {
  return { accessToken: record.accessToken, expiresAt: record.expiresAt, scope: [...record.scope] }
}

/** RFC 7636 §4.1–4.2: a 32-byte base64url verifier and its S256 challenge. */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)))
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return { verifier, challenge: base64url(new Uint8Array(digest)) }
}

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
