/**
 * One-time authorization codes (RFC 6749 §4.1.2, DESIGN.md "Authorization"): 60 s, single use, bound
 * to client, account, scopes, PKCE challenge and redirect URI. Imported directly (`./auth-codes.js`) by
 * the token endpoint, which calls {@link consumeCode}; not re-exported from the store's index.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Scope } from '@chainless/protocol'
import type { Store } from './store.js'

/** Lifetime of an authorization code: 60 s. */
export const AUTH_CODE_TTL_MS = 60_000

/** What a code was issued for. */
export interface AuthCode {
  /** The app (OAuth `client_id`). */
  clientId: string
  /** The consenting account (EIP-55 address). */
  account: string
  scopes: Scope[]
  /** PKCE S256 challenge (RFC 7636 §4.2). */
  codeChallenge: string
  /** The redirect URI the token request must repeat. */
  redirectUri: string
  /** End of validity, ms. */
  expiresAt: number
}

const TABLE = `CREATE TABLE IF NOT EXISTS auth_codes (
  codeHash TEXT PRIMARY KEY,
  clientId TEXT NOT NULL,
  account TEXT NOT NULL,
  scopes TEXT NOT NULL,
  codeChallenge TEXT NOT NULL,
  redirectUri TEXT NOT NULL,
  expiresAt INTEGER NOT NULL
)`
const ready = new WeakSet<Store>()

function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  ready.add(store)
}

const hash = (code: string) => createHash('sha256').update(code).digest('hex')

/**
 * Issues a code: 32 random bytes, base64url, valid {@link AUTH_CODE_TTL_MS}. Stored hashed.
 *
 * @example
 * ```ts
 * const code = issueCode(store, { clientId: 'shop', account, scopes: ['user:basic'], codeChallenge, redirectUri })
 * ```
 */
export function issueCode(store: Store, input: Omit<AuthCode, 'expiresAt'>): string {
  ensureTable(store)
  const now = store.now()
  const code = randomBytes(32).toString('base64url')
  store.prepare('DELETE FROM auth_codes WHERE expiresAt <= ?').run(now)
  store
    .prepare(
      'INSERT INTO auth_codes (codeHash, clientId, account, scopes, codeChallenge, redirectUri, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      hash(code),
      input.clientId,
      input.account,
      input.scopes.join(' '),
      input.codeChallenge,
      input.redirectUri,
      now + AUTH_CODE_TTL_MS,
    )
  return code
}

/**
 * Redeems a code: its binding once, then never again (atomic `DELETE ... RETURNING`); `undefined`
 * when unknown, expired or already used.
 */
export function consumeCode(store: Store, code: string): AuthCode | undefined {
  ensureTable(store)
  const row = store
    .prepare(
      'DELETE FROM auth_codes WHERE codeHash = ? RETURNING clientId, account, scopes, codeChallenge, redirectUri, expiresAt',
    )
    .get(hash(code)) as (Omit<AuthCode, 'scopes'> & { scopes: string }) | undefined
  if (!row || row.expiresAt <= store.now()) return undefined
  return { ...row, scopes: row.scopes.split(' ') as Scope[] }
}

/** Drops the unused codes of `clientId` for `account` (grant revocation). Returns how many. */
export function revokeCodes(store: Store, clientId: string, account: string): number {
  ensureTable(store)
  return store
    .prepare('DELETE FROM auth_codes WHERE clientId = ? AND account = ? COLLATE NOCASE')
    .run(clientId, account).changes
}
