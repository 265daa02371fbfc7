import type { Store } from '../../store/index.js'
import type { Handlers } from '../context.js'

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

/**
 * The wallet-auth operations by operationId: `getWalletNonce`, `createWalletSession`, `walletAuthorize`
 * and `revokeWalletGrant` (DESIGN.md, "Flows" → "Wallet session" and "Authorization").
 *
 * @example
 * ```ts
 * const handlers = { ...authHandlers({ store, walletOrigin: 'http://localhost:8081' }) }
 * ```
 */
export function authHandlers(_deps: AuthHandlerDeps): Handlers {
  return {}
}
