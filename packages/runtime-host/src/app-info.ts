import type { Manifest, Scope, UiAdapter } from '@chainless/protocol'
import type { GrantStore } from './grants.js'

/**
 * Shows the app info page with the grants for `account` (the current one; `''` without a wallet) and
 * applies what the user revoked there: the scopes leave the grant store. Resolves with the revoked
 * scopes (none when the page is closed).
 */
export async function showAppInfo(
  manifest: Manifest,
  grants: GrantStore,
  account: string,
  ui: () => Promise<UiAdapter>,
  signal: AbortSignal | undefined,
): Promise<readonly Scope[]> {
  const adapter = await ui()
  const granted = grants.list(manifest.appId, account)
  let revoke: readonly Scope[]
  try {
    ;({ revoke } = await adapter.appInfo({ manifest, grants: granted, ...(signal ? { signal } : {}) }))
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 4001) return []
    throw error
  }
  const revoked = revoke.filter((scope) => granted.includes(scope))
  if (revoked.length > 0) grants.revoke(manifest.appId, account, revoked)
  return revoked
}
