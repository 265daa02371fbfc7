import type { Store } from './store.js'

/** How long an Idempotency-Key is remembered: 24 hours. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000

/** The first response to an idempotent request, replayed for its retries. */
export interface StoredResponse {
  /** Hash of the method, target and body that made it (a reuse with another request is refused). */
  fingerprint: string
  status: number
  /** The JSON text sent (empty without a body). */
  body: string
  headers: Record<string, string>
}

const TABLE = `CREATE TABLE IF NOT EXISTS idempotency_keys (
  appId TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  headers TEXT NOT NULL,
  expiresAt INTEGER NOT NULL,
  PRIMARY KEY (appId, key)
)`
const ready = new WeakSet<Store>()
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  store.db.exec('CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency_keys(expiresAt)')
  ready.add(store)
}

/** The live response stored for `(appId, key)`, or undefined. */
export function findIdempotentResponse(store: Store, appId: string, key: string): StoredResponse | undefined {
  ensureTable(store)
  const row = store
    .prepare(
      'SELECT fingerprint, status, body, headers FROM idempotency_keys WHERE appId = ? AND key = ? AND expiresAt > ?',
    )
    .get(appId, key, store.now()) as
    | { fingerprint: string; status: number; body: string; headers: string }
    | undefined
  return row && { ...row, headers: JSON.parse(row.headers) as Record<string, string> }
}

/**
 * Remembers the first response to `(appId, key)` for {@link IDEMPOTENCY_TTL_MS}, replacing an expired
 * one; expired keys are purged on the way.
 *
 * @example
 * ```ts
 * saveIdempotentResponse(store, 'shop', 'order-42', { fingerprint, status: 201, body: '{"id":"m1"}', headers: {} })
 * ```
 */
export function saveIdempotentResponse(
  store: Store,
  appId: string,
  key: string,
  response: StoredResponse,
): void {
  ensureTable(store)
  const now = store.now()
  store.prepare('DELETE FROM idempotency_keys WHERE expiresAt <= ?').run(now)
  store
    .prepare(
      'INSERT OR REPLACE INTO idempotency_keys (appId, key, fingerprint, status, body, headers, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      appId,
      key,
      response.fingerprint,
      response.status,
      response.body,
      JSON.stringify(response.headers),
      now + IDEMPOTENCY_TTL_MS,
    )
}
