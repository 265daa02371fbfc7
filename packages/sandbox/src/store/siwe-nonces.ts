import { randomBytes } from 'node:crypto'
import type { Store } from './store.js'

/** How long an issued SIWE nonce may be used: 5 minutes. */
export const SIWE_NONCE_TTL_MS = 5 * 60_000

const TABLE = `CREATE TABLE IF NOT EXISTS siwe_nonces (
  nonce TEXT PRIMARY KEY,
  expiresAt INTEGER NOT NULL
)`
const ready = new WeakSet<Store>()

// The table belongs to this module (created on first use, so an existing store needs no migration).
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  ready.add(store)
}

/**
 * Issues a SIWE nonce for the wallet: 32 hex characters (128 random bits; EIP-4361 asks for at least 8
 * alphanumerics), usable once within {@link SIWE_NONCE_TTL_MS}. Expired nonces are pruned.
 *
 * @example
 * ```ts
 * const nonce = issueSiweNonce(store) // '9f86d081884c7d659a2feaa0c55ad015'
 * ```
 */
export function issueSiweNonce(store: Store, ttlMs = SIWE_NONCE_TTL_MS): string {
  ensureTable(store)
  const now = store.now()
  const nonce = randomBytes(16).toString('hex')
  store.prepare('DELETE FROM siwe_nonces WHERE expiresAt <= ?').run(now)
  store.prepare('INSERT INTO siwe_nonces (nonce, expiresAt) VALUES (?, ?)').run(nonce, now + ttlMs)
  return nonce
}

/**
 * Consumes a nonce issued by {@link issueSiweNonce}: true once for a live nonce, false when unknown,
 * expired or already used. Atomic (one `DELETE ... RETURNING`), so two concurrent uses cannot both win.
 */
export function consumeSiweNonce(store: Store, nonce: string): boolean {
  ensureTable(store)
  const row = store.prepare('DELETE FROM siwe_nonces WHERE nonce = ? RETURNING expiresAt').get(nonce) as
    | { expiresAt: number }
    | undefined
  return row !== undefined && row.expiresAt > store.now()
}
