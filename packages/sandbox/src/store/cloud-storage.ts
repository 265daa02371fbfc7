import { countEffect } from './effects.js'
import { StoreError } from './errors.js'
import type { Store } from './store.js'

/** Largest value: 64 KiB of serialized JSON. */
export const MAX_VALUE_BYTES = 64 * 1024
/** Total of an app's entries (app-wide and per user, keys and values): 10 MiB. */
export const APP_QUOTA_BYTES = 10 * 1024 * 1024
/** Keys: 1..256 characters (code points). */
export const MAX_KEY_CHARS = 256
/** A listing answers at most this many keys. */
export const MAX_LISTED_KEYS = 10_000

/** The scope of an entry: the app's own, or one user's. */
export type StorageScope = { kind: 'app' } | { kind: 'user'; userId: string }

/** Why a write was refused (nothing was written). */
export class StorageLimitError extends StoreError {
  override name = 'StorageLimitError'
  readonly reason: 'value_too_large' | 'quota_exceeded'
  readonly quotaBytes: number
  readonly usedBytes: number
  readonly neededBytes: number
  constructor(
    reason: 'value_too_large' | 'quota_exceeded',
    sizes: { quotaBytes: number; usedBytes: number; neededBytes: number },
  ) {
    super(
      reason === 'value_too_large' ? 'payload_too_large' : 'quota_exceeded',
      reason === 'value_too_large'
        ? `Value is ${sizes.neededBytes} bytes (at most ${sizes.quotaBytes})`
        : `Storage quota of ${sizes.quotaBytes} bytes exceeded (${sizes.usedBytes} used, ${sizes.neededBytes} needed)`,
      { ...sizes },
    )
    this.reason = reason
    this.quotaBytes = sizes.quotaBytes
    this.usedBytes = sizes.usedBytes
    this.neededBytes = sizes.neededBytes
  }
}

const TABLE = `CREATE TABLE IF NOT EXISTS cloud_storage (
  appId TEXT NOT NULL,
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  size INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL,
  PRIMARY KEY (appId, scope, key)
)`
const ready = new WeakSet<Store>()
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  ready.add(store)
}

// '' is the app-wide scope; a user's is `u:` + the userId (never empty)
const scopeOf = (s: StorageScope) => (s.kind === 'app' ? '' : `u:${s.userId}`)

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Is `key` a valid storage key: 1..256 code points, well-formed UTF-16 (any character)? */
export function isValidStorageKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_KEY_CHARS * 2 || LONE_SURROGATE.test(key)) return false
  let n = 0
  for (const _ of key) if (++n > MAX_KEY_CHARS) return false
  return true
}

/** An entry: the JSON value and when it was written (ISO 8601). */
export interface StorageRecord {
  key: string
  value: unknown
  updatedAt: string
}

/** The entry of `key`, or undefined. */
export function getStorageEntry(
  store: Store,
  appId: string,
  scope: StorageScope,
  key: string,
): StorageRecord | undefined {
  ensureTable(store)
  const row = store
    .prepare('SELECT value, updatedAt FROM cloud_storage WHERE appId = ? AND scope = ? AND key = ?')
    .get(appId, scopeOf(scope), key) as { value: string; updatedAt: number } | undefined
  return row && { key, value: JSON.parse(row.value), updatedAt: new Date(row.updatedAt).toISOString() }
}

/**
 * Writes `value` (JSON) at `key`, all or nothing: checked against {@link MAX_VALUE_BYTES} and the app's
 * {@link APP_QUOTA_BYTES} (the entry replaced does not count) in the transaction that writes it.
 *
 * @throws {StorageLimitError} nothing was written
 * @example
 * ```ts
 * putStorageEntry(store, 'shop', { kind: 'user', userId: '0xf39f…' }, 'cart', { items: 2 })
 * ```
 */
export function putStorageEntry(
  store: Store,
  appId: string,
  scope: StorageScope,
  key: string,
  value: unknown,
): { key: string; updatedAt: string } {
  ensureTable(store)
  const text = JSON.stringify(value)
  const valueBytes = Buffer.byteLength(text)
  if (valueBytes > MAX_VALUE_BYTES)
    throw new StorageLimitError('value_too_large', {
      quotaBytes: MAX_VALUE_BYTES,
      usedBytes: 0,
      neededBytes: valueBytes,
    })
  const size = Buffer.byteLength(key) + valueBytes
  const now = store.now()
  store.db.transaction(() => {
    const used = (
      store.prepare('SELECT coalesce(sum(size), 0) AS n FROM cloud_storage WHERE appId = ?').get(appId) as {
        n: number
      }
    ).n
    const previous =
      (
        store
          .prepare('SELECT size FROM cloud_storage WHERE appId = ? AND scope = ? AND key = ?')
          .get(appId, scopeOf(scope), key) as { size: number } | undefined
      )?.size ?? 0
    if (used - previous + size > APP_QUOTA_BYTES)
      throw new StorageLimitError('quota_exceeded', {
        quotaBytes: APP_QUOTA_BYTES,
        usedBytes: used,
        neededBytes: size - previous,
      })
    store
      .prepare(
        'INSERT OR REPLACE INTO cloud_storage (appId, scope, key, value, size, updatedAt) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(appId, scopeOf(scope), key, text, size, now)
    countEffect(store, appId, 'storageWrites')
  })()
  return { key, updatedAt: new Date(now).toISOString() }
}

/** Deletes the entry of `key` (nothing when absent). Answers whether one was deleted. */
export function deleteStorageEntry(store: Store, appId: string, scope: StorageScope, key: string): boolean {
  ensureTable(store)
  return store.db.transaction(() => {
    const gone =
      store
        .prepare('DELETE FROM cloud_storage WHERE appId = ? AND scope = ? AND key = ?')
        .run(appId, scopeOf(scope), key).changes === 1
    if (gone) countEffect(store, appId, 'storageWrites')
    return gone
  })()
}

/** The keys of a scope starting with `prefix`, sorted by code point, at most {@link MAX_LISTED_KEYS}. */
export function listStorageKeys(store: Store, appId: string, scope: StorageScope, prefix = ''): string[] {
  ensureTable(store)
  // SQLite compares TEXT as UTF-8 bytes: the same order as code points
  const rows = store
    .prepare(
      'SELECT key FROM cloud_storage WHERE appId = ? AND scope = ? AND substr(key, 1, length(?)) = ? ORDER BY key LIMIT ?',
    )
    .all(appId, scopeOf(scope), prefix, prefix, MAX_LISTED_KEYS) as { key: string }[]
  return rows.map((r) => r.key)
}
