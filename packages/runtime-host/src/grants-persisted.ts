import { SCOPES, type Scope } from '@chainless/protocol'
import { type GrantStore, MemoryGrantStore } from './grants.js'
import type { KeyValueStore } from './wallet/kv.js'
import { idbKeyValueStore } from './wallet/kv-idb.js'

const PREFIX = 'grant:'
// Key per app and account: JSON of the pair, so no separator an appId or account could forge.
const keyOf = (appId: string, account: string) => `${PREFIX}${JSON.stringify([appId, account])}`
const isScope = (value: unknown): value is Scope => (SCOPES as readonly unknown[]).includes(value)

/**
 * A {@link GrantStore} that survives reloads: grants per app and account in an async
 * {@link KeyValueStore} (default: the wallet's IndexedDB, `idbKeyValueStore('chainless-wallet')`),
 * read once here, then served from memory so the bridge's scope checks stay synchronous. Writes go
 * through in order; a write the browser refuses leaves the grant in memory for this session.
 * Unreadable records are skipped, never granted.
 *
 * @example
 * ```ts
 * const host = createRuntimeHost({ grants: await persistedGrantStore(), wallet: { … } })
 * ```
 */
export async function persistedGrantStore(
  store: KeyValueStore = idbKeyValueStore('chainless-wallet'),
): Promise<GrantStore> {
  const memory = new MemoryGrantStore()
  for (const key of await store.keys(PREFIX)) {
    let pair: unknown
    try {
      pair = JSON.parse(key.slice(PREFIX.length))
    } catch {
      continue
    }
    const scopes = await store.get<unknown>(key)
    if (!Array.isArray(pair) || pair.length !== 2 || !Array.isArray(scopes)) continue
    const [appId, account] = pair as unknown[]
    if (typeof appId !== 'string' || typeof account !== 'string') continue
    memory.grant(appId, account, scopes.filter(isScope))
  }
  let writes: Promise<unknown> = Promise.resolve()
  const persist = (appId: string, account: string) => {
    const scopes = memory.list(appId, account)
    const key = keyOf(appId, account)
    writes = writes
      .then(() => (scopes.length === 0 ? store.delete(key) : store.set(key, [...scopes])))
      .catch(() => {})
  }
  return {
    list: (appId, account) => memory.list(appId, account),
    grant(appId, account, scopes) {
      memory.grant(appId, account, scopes)
      persist(appId, account)
    },
    revoke(appId, account, scopes) {
      memory.revoke(appId, account, scopes)
      persist(appId, account)
    },
    entries: () => memory.entries(),
  }
}
