/**
 * @internal The host's auth, assembled for `createRuntimeHost({ wallet })`: the wallet session, the
 * `authAuthorize` / `authGetAccessToken` / `authLogout` handlers, and what a disconnect does at the
 * platform.
 */
import type { Scope, UiAdapter } from '@chainless/protocol'
import type { AppHandle } from '../app-handle.js'
import type { GrantStore } from '../grants.js'
import type { WalletController } from '../wallet/controller.js'
import { type AuthorizeParams, Authorizer } from './authorize.js'
import { type PlatformRetryOptions, platformClient } from './platform.js'
import { TokenVault } from './token-vault.js'
import { HostTokens } from './tokens.js'
import { WalletSession } from './wallet-session.js'

/** @internal What {@link createHostAuth} needs. */
export interface HostAuthOptions {
  controller: WalletController
  grants: GrantStore
  ui: () => Promise<UiAdapter>
  /** The wallet's origin: the domain and URI of its session's sign-in message. */
  origin: string
  apiUrl: string
  fetch?: typeof fetch | undefined
  /** Retry budget of the calls to the platform (default: 4 attempts, full jitter, `Retry-After` ≤ 5 s). */
  retry?: PlatformRetryOptions
  /** Where tokens are kept (encrypted); default the wallet's store. */
  vault?: TokenVault
  now?: () => number
}

/** @internal */
export interface HostAuth {
  session: WalletSession
  tokens: HostTokens
  authorize(
    params: AuthorizeParams,
    app: AppHandle,
    signal: AbortSignal,
  ): Promise<{ code: string; state: string }>
  getAccessToken(
    params: { scope?: readonly Scope[]; refresh?: boolean } | undefined,
    app: AppHandle,
    signal: AbortSignal,
  ): ReturnType<HostTokens['getAccessToken']>
  logout(app: AppHandle): Promise<null>
  /** The current account's session token (the TxTracker's `getSessionToken`); `undefined` without account. */
  sessionToken(): Promise<string | undefined>
  /** `appId` was disconnected for `account`: forget its tokens, revoke its grant at the platform. */
  disconnected(appId: string, account: string): Promise<void>
}

/** @internal */
export function createHostAuth(options: HostAuthOptions): HostAuth {
  const { controller } = options
  const platform = platformClient(options.apiUrl, options.fetch, options.retry)
  const now = options.now ?? Date.now
  const session = new WalletSession({
    platform,
    signer: controller.signer,
    origin: options.origin,
    chainId: () => controller.chainId,
    now,
  })
  const authorizer = new Authorizer({ controller, grants: options.grants, ui: options.ui, platform, session })
  const vault = options.vault ?? new TokenVault(controller.store)
  const tokens = new HostTokens({ controller, grants: options.grants, authorizer, platform, vault, now })
  return {
    session,
    tokens,
    authorize: (params, app, signal) => authorizer.authorize(params, app, signal),
    getAccessToken: (params, app, signal) => tokens.getAccessToken(params, app, signal),
    logout: (app) => tokens.logout(app),
    async sessionToken() {
      const account = await controller.ready()
      return account ? session.token(account) : undefined
    },
    async disconnected(appId, account) {
      // The platform revokes every token of the grant: local copies are dead too.
      await tokens.forget(appId, account, false)
      const bearer = await session.token(account)
      await platform.call('DELETE', `/api/v1/wallet/grants/${encodeURIComponent(appId)}`, { bearer })
    },
  }
}
