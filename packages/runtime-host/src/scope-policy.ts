import {
  type HostEventName,
  type Manifest,
  METHODS,
  type MethodName,
  type Scope,
  UnauthorizedError,
} from '@chainless/protocol'

/**
 * Whether the user granted `scope` to `appId` for `account` (the wallet's current account,
 * checksummed; `''` for a host without a wallet).
 */
export type IsGranted = (appId: string, scope: string, account: string) => boolean

/**
 * Host events that carry user data, and the scope an app must hold to receive them. The address is
 * user data: only an app the user shared it with (`user:basic`) hears about account changes.
 */
export const EVENT_SCOPES: Readonly<Partial<Record<HostEventName, Scope>>> = Object.freeze({
  accountsChanged: 'user:basic',
})

/** Why `manifest`'s app may not use `scope` (not declared, not granted), or `undefined` when it may. */
export function scopeRefusal(
  manifest: Manifest,
  scope: Scope,
  isGranted: IsGranted,
  account: string,
): UnauthorizedError | undefined {
  if (!manifest.scopes.includes(scope)) {
    return new UnauthorizedError('Scope not declared in the manifest', { scope })
  }
  if (!isGranted(manifest.appId, scope, account)) return new UnauthorizedError('Scope not granted', { scope })
  return undefined
}

/** Throws the refusal when the app may not call `method`. */
export function assertMayCall(
  manifest: Manifest,
  method: MethodName,
  isGranted: IsGranted,
  account: string,
): void {
  const scope = METHODS[method].scope
  if (scope === null) return
  const refusal = scopeRefusal(manifest, scope, isGranted, account)
  if (refusal) throw refusal
}

/** Whether the app may receive `event` while `account` is current (events without a scope go to every app). */
export function mayReceive(
  manifest: Manifest,
  event: HostEventName,
  isGranted: IsGranted,
  account: string,
): boolean {
  const scope = Object.hasOwn(EVENT_SCOPES, event) ? EVENT_SCOPES[event] : undefined
  return scope === undefined || scopeRefusal(manifest, scope, isGranted, account) === undefined
}
