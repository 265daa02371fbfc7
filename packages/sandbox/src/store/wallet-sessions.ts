import { createHash, randomBytes } from 'node:crypto'
import type { Store } from './store.js'

/** Lifetime of a wallet session: 1 hour. */
export const WALLET_SESSION_TTL_MS = 60 * 60_000

const TABLE = `CREATE TABLE IF NOT EXISTS wallet_sessions (
  tokenHash TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  expiresAt INTEGER NOT NULL
)`
const ready = new WeakSet<Store>()

function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  ready.add(store)
}

// Only the SHA-256 of a token is stored: a leaked database does not yield usable sessions.
const hash = (token: string) => createHash('sha256').update(token).digest('hex')

/** A live wallet session. */
export interface WalletSession {
  /** The signed-in account (EIP-55). */
  address: string
  /** End of the session, ms. */
  expiresAt: number
}

/**
 * Opens a wallet session for `address` (after its SIWE message checked): an opaque bearer token
 * (32 random bytes, base64url) valid {@link WALLET_SESSION_TTL_MS}.
 *
 * @example
 * ```ts
 * const { token, expiresAt } = createWalletSession(store, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
 * ```
 */
export function createWalletSession(
  store: Store,
  address: string,
  ttlMs = WALLET_SESSION_TTL_MS,
): { token: string } & WalletSession {
  ensureTable(store)
  const now = store.now()
  const token = randomBytes(32).toString('base64url')
  const expiresAt = now + ttlMs
  store.prepare('DELETE FROM wallet_sessions WHERE expiresAt <= ?').run(now)
  store
    .prepare('INSERT INTO wallet_sessions (tokenHash, address, expiresAt) VALUES (?, ?, ?)')
    .run(hash(token), address, expiresAt)
  return { token, address, expiresAt }
}

/** The live session of a bearer `token`, or `undefined` (unknown or expired). */
export function findWalletSession(store: Store, token: string): WalletSession | undefined {
  ensureTable(store)
  const row = store
    .prepare('SELECT address, expiresAt FROM wallet_sessions WHERE tokenHash = ?')
    .get(hash(token)) as WalletSession | undefined
  return row && row.expiresAt > store.now() ? { address: row.address, expiresAt: row.expiresAt } : undefined
}
