/**
 * `authAuthorize`: the user's consent becomes a one-time OAuth code for the app (DESIGN: "Flows" →
 * "Authorization"). Scopes outside the manifest → 4100; the connect rule holds (`user:basic` asked
 * for or already granted for the account, else 4100); scopes not yet granted → the consent sheet
 * (which confirms phone and email a second time itself) and a decline → 4001; then the account signs
 * an EIP-4361 message for the app (its scopes as resources) and the platform answers the code, bound
 * to the app, account, scopes, S256 challenge and redirect URI.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1 · https://www.rfc-editor.org/rfc/rfc7636
 */
import {
  BridgeError,
  InternalError,
  type Manifest,
  type Scope,
  type UiAdapter,
  UnauthorizedError,
  UserRejectedError,
} from '@chainless/protocol'
import type { AppHandle } from '../app-handle.js'
import type { GrantStore } from '../grants.js'
import type { AuditEntry } from '../wallet/audit.js'
import type { WalletController } from '../wallet/controller.js'
import { AuthPlatformError, type PlatformClient } from './platform.js'
import { scopeResource } from './siwe-message.js'
import type { WalletSession } from './wallet-session.js'

/** `authAuthorize`'s params (validated by the bridge guard). */
export interface AuthorizeParams {
  scope: readonly Scope[]
  codeChallenge: string
  codeChallengeMethod?: 'S256'
  state: string
}

/** @internal What {@link Authorizer} needs. */
export interface AuthorizerDeps {
  controller: WalletController
  grants: GrantStore
  ui: () => Promise<UiAdapter>
  platform: PlatformClient
  session: WalletSession
}

/** The redirect URI the platform binds codes to: the manifest's `redirectUri`, else its `entryUrl`. */
export function redirectUriOf(manifest: Manifest): string {
  return manifest.redirectUri ?? manifest.entryUrl
}

/** @internal Consent, signature and code: shared by `authAuthorize` and `authGetAccessToken`. */
export class Authorizer {
  readonly #deps: AuthorizerDeps

  constructor(deps: AuthorizerDeps) {
    this.#deps = deps
  }

  /** The `authAuthorize` handler: `{ code, state }` (the state echoed). */
  async authorize(params: AuthorizeParams, app: AppHandle, signal: AbortSignal) {
    const account = await this.#deps.controller.ready()
    const code = await this.code(app, account, params.scope, params.codeChallenge, signal)
    return { code, state: params.state }
  }

  /**
   * A code for `scopes` and `codeChallenge` (S256), for `account`; audited.
   * @throws {UnauthorizedError} 4100, {@link UserRejectedError} 4001, {@link AuthPlatformError}, or
   * `PlatformUnavailableError` (-32002).
   */
  async code(
    app: AppHandle,
    account: string | undefined,
    scopes: readonly Scope[],
    codeChallenge: string,
    signal: AbortSignal,
  ): Promise<string> {
    const manifest = app.manifest
    try {
      if (!account)
        throw new UnauthorizedError('No account', undefined, { details: 'The signer has no account' })
      const undeclared = scopes.find((scope) => !manifest.scopes.includes(scope))
      if (undeclared) throw new UnauthorizedError('Scope not declared in the manifest', { scope: undeclared })
      await this.#consent(manifest, account, scopes, signal)
      const code = await this.#requestCode(manifest, account, scopes, codeChallenge, signal)
      await this.#audit({ appId: manifest.appId, account, method: 'authAuthorize', decision: 'approved' })
      return code
    } catch (error) {
      const e =
        error instanceof BridgeError
          ? error
          : new InternalError('Internal error', undefined, { cause: error })
      const decision = e.code === 4001 ? 'rejected' : e.code === 4100 ? 'refused' : 'failed'
      await this.#audit({
        appId: manifest.appId,
        ...(account ? { account } : {}),
        method: 'authAuthorize',
        decision,
        code: e.code,
      })
      throw e
    }
  }

  /** Connect rule, then a sheet for the scopes not granted yet; grants what the user chose. */
  async #consent(manifest: Manifest, account: string, scopes: readonly Scope[], signal: AbortSignal) {
    const granted = this.#deps.grants.list(manifest.appId, account)
    // Connect is consent: no resource without the account itself (DESIGN "Scopes").
    if (!scopes.includes('user:basic') && !granted.includes('user:basic')) {
      throw new UnauthorizedError('Not connected', undefined, {
        details: 'Ask for user:basic with the other scopes, or connect first',
      })
    }
    const missing = scopes.filter((scope) => !granted.includes(scope))
    if (missing.length === 0) return
    const ui = await this.#deps.ui()
    const decision = await ui.consent({ manifest, scopes: missing, account, signal })
    const chosen = missing.filter((scope) => decision.granted.includes(scope))
    if (chosen.length > 0) this.#deps.grants.grant(manifest.appId, account, chosen)
    if (chosen.includes('user:basic')) this.#deps.controller.markConnected(manifest.appId, account)
    if (chosen.length < missing.length) {
      throw new UserRejectedError('User did not grant the scopes', { scopes: missing })
    }
  }

  async #requestCode(
    manifest: Manifest,
    account: string,
    scopes: readonly Scope[],
    codeChallenge: string,
    signal: AbortSignal,
  ): Promise<string> {
    const redirectUri = redirectUriOf(manifest)
    const attempt = async () => {
      const bearer = await this.#deps.session.token(account, signal)
      const signed = await this.#deps.session.signedMessage(
        {
          address: account,
          domain: new URL(manifest.origin).host,
          uri: redirectUri,
          statement: 'Authorize this app for the scopes listed as resources.',
          resources: scopes.map(scopeResource),
        },
        signal,
      )
      return this.#deps.platform.call<{ code: string }>('POST', '/oauth/wallet/authorize', {
        bearer,
        signal,
        json: {
          clientId: manifest.appId,
          scope: scopes.join(' '),
          codeChallenge,
          codeChallengeMethod: 'S256',
          redirectUri,
          ...signed,
        },
      })
    }
    let answer: { code: string }
    try {
      answer = await attempt()
    } catch (error) {
      // The platform forgot the session (restart, expiry on its clock): sign in once more.
      if (!(error instanceof AuthPlatformError) || error.status !== 401) throw error
      this.#deps.session.forget(account)
      answer = await attempt()
    }
    if (typeof answer?.code !== 'string' || answer.code.length < 16 || answer.code.length > 512) {
      throw new InternalError('Internal error', undefined, { details: 'The platform answered no code' })
    }
    return answer.code
  }

  /** A failing audit store never fails the call. */
  async #audit(entry: Omit<AuditEntry, 'id' | 'time' | 'policyHits'>): Promise<void> {
    await this.#deps.controller.audit.append({ ...entry, policyHits: [] }).catch(() => undefined)
  }
}
