import type { Store } from './store.js'

/** A platform signing key as stored: JWKs as JSON objects. */
export interface StoredPlatformKey {
  kid: string
  privateJwk: Record<string, unknown>
  publicJwk: Record<string, unknown>
  createdAt: number
}

/** The platform's signing keys that are not retired, newest first (the first one signs). */
export function listPlatformKeys(store: Store): StoredPlatformKey[] {
  const rows = store.db
    .prepare(
      'SELECT kid, privateJwk, publicJwk, createdAt FROM platform_keys WHERE retiredAt IS NULL ORDER BY createdAt DESC, rowid DESC',
    )
    .all() as { kid: string; privateJwk: string; publicJwk: string; createdAt: number }[]
  return rows.map((r) => ({ ...r, privateJwk: JSON.parse(r.privateJwk), publicJwk: JSON.parse(r.publicJwk) }))
}

/** Stores a new platform signing key; it becomes the one that signs. */
export function addPlatformKey(store: Store, key: Omit<StoredPlatformKey, 'createdAt'>): void {
  store.db
    .prepare('INSERT INTO platform_keys (kid, privateJwk, publicJwk, createdAt) VALUES (?, ?, ?, ?)')
    .run(key.kid, JSON.stringify(key.privateJwk), JSON.stringify(key.publicJwk), store.now())
}
