import type { AuthMethods } from './methods/auth.js'
import { AUTH_METHODS } from './methods/auth.js'
import type { LifecycleMethods } from './methods/lifecycle.js'
import { LIFECYCLE_METHODS } from './methods/lifecycle.js'
import { DEFAULT_TIMEOUT_MS, type MethodInfo, USER_TIMEOUT_MS } from './methods/registry.js'
import type { StorageMethods } from './methods/storage.js'
import { STORAGE_METHODS } from './methods/storage.js'
import type { UiActionMethods } from './methods/ui-actions.js'
import { UI_ACTION_METHODS } from './methods/ui-actions.js'
import type { WalletMethods } from './methods/wallet.js'
import { WALLET_METHODS } from './methods/wallet.js'

export { DEFAULT_TIMEOUT_MS, type MethodInfo, USER_TIMEOUT_MS } from './methods/registry.js'

/**
 * Params and result of every bridge method, inferred from the schemas of
 * `@chainless/protocol/schemas` (one file per capability), so types and validation cannot drift.
 * The single source for the types on both sides.
 */
export interface Methods
  extends LifecycleMethods,
    WalletMethods,
    AuthMethods,
    StorageMethods,
    UiActionMethods {}

/** A method the bridge knows. */
export type MethodName = keyof Methods
/** Params of method `M`. */
export type MethodParams<M extends MethodName> = Methods[M]['params']
/** Result of method `M`. */
export type MethodResult<M extends MethodName> = Methods[M]['result']

/** The method registry: every method the protocol defines, with scope, user-wait and timeout. */
// A pure IIFE, not a pure `Object.freeze({ ...spreads })`: bundlers keep spreads of imported objects
// (a getter could run), so a bundle that never reads the registry would still carry every entry.
export const METHODS: { readonly [M in MethodName]: MethodInfo } = /* @__PURE__ */ (() =>
  Object.freeze({
    ...LIFECYCLE_METHODS,
    ...WALLET_METHODS,
    ...AUTH_METHODS,
    ...STORAGE_METHODS,
    ...UI_ACTION_METHODS,
  }))()

/** Whether `name` is a method of the registry (own property only: `__proto__` is not a method). */
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(METHODS, name)
}

/**
 * The methods that wait for the user (consent, signing, sheets): the registry's entries with
 * `waitsForUser`, as a short list of names, so an app's `call` picks its default timeout without
 * bundling the whole registry. A test keeps the two in step.
 */
export const USER_WAIT_METHODS: readonly MethodName[] = [
  'walletRequest',
  'walletPay',
  'authAuthorize',
  'authGetAccessToken',
  'uiOpenLink',
  'uiShowPopup',
  'uiShare',
  'uiWriteClipboard',
  'uiScanQr',
]

/** Default timeout of a call to `method`: the user's (5 min) or the default one (10 s). */
export function defaultTimeoutOf(method: string): number {
  return (USER_WAIT_METHODS as readonly string[]).includes(method) ? USER_TIMEOUT_MS : DEFAULT_TIMEOUT_MS
}
