/**
 * OAuth token state (DESIGN.md "Platform API"): token families (one per authorization code), refresh
 * tokens stored as SHA-256 hashes with rotation, the access-token `jti` register (denylist until `exp`),
 * and the access-token signing key. Imported directly (`./tokens.js`) by the OAuth endpoints and the
 * grant-revocation route; not re-exported from the store's index.
 * @module
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Scope } from '@chainless/protocol'
import { emitStoreEvent } from './events.js'
import type { Store } from './store.js'

/** Lifetime of a refresh token: 30 days. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60_000

const TABLES = `
CREATE TABLE IF NOT EXISTS token_families (
  familyId TEXT PRIMARY KEY,
  clientId TEXT NOT NULL,
  account TEXT NOT NULL,
  scopes TEXT NOT NULL,
  authTime INTEGER NOT NULL,
  codeHash TEXT UNIQUE,
  createdAt INTEGER NOT NULL,
  revokedAt INTEGER
);
CREATE INDEX IF NOT EXISTS token_families_grant ON token_families(clientId, account);
CREATE TABLE IF NOT EXISTS refresh_tokens (
  tokenHash TEXT PRIMARY KEY,
  familyId TEXT NOT NULL,
  expiresAt INTEGER NOT NULL,
  usedAt INTEGER
);
CREATE TABLE IF NOT EXISTS access_tokens (
  jti TEXT PRIMARY KEY,
  familyId TEXT NOT NULL,
  expiresAt INTEGER NOT NULL,
  revokedAt INTEGER
);
CREATE TABLE IF NOT EXISTS token_keys (
  kid TEXT PRIMARY KEY,
  privateJwk TEXT NOT NULL,
  createdAt INTEGER NOT NULL
);
`
const ready = new WeakSet<Store>()
function ensureTables(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLES)
  ready.add(store)
}

/** SHA-256 hex: refresh tokens and codes are only ever stored hashed. */
export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex')

/** A grant's token family: every refresh and access token issued from one authorization code. */
export interface TokenFamily {
  familyId: string
  /** The app (`client_id`, `aud`). */
  clientId: string
  /** The account (EIP-55 as bound to the code). */
  account: string
  scopes: Scope[]
  /** When the user authorized, seconds (`auth_time`). */
  authTime: number
  /** Revocation time (ms) or null while live. */
  revokedAt: number | null
}

type FamilyRow = Omit<TokenFamily, 'scopes'> & { scopes: string }
const toFamily = (row: FamilyRow): TokenFamily => ({ ...row, scopes: row.scopes.split(' ') as Scope[] })
const FAMILY_COLUMNS = 'familyId, clientId, account, scopes, authTime, revokedAt'

/**
 * Opens a family for a redeemed code (`code` is kept as a hash so that a second use can find and revoke
 * what the first issued, RFC 6749 §4.1.2).
 */
export function createFamily(
  store: Store,
  input: { clientId: string; account: string; scopes: readonly Scope[]; authTime: number; code: string },
): TokenFamily {
  ensureTables(store)
  const familyId = randomUUID()
  store
    .prepare(
      'INSERT INTO token_families (familyId, clientId, account, scopes, authTime, codeHash, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      familyId,
      input.clientId,
      input.account,
      input.scopes.join(' '),
      input.authTime,
      sha256Hex(input.code),
      store.now(),
    )
  return { familyId, ...input, scopes: [...input.scopes], revokedAt: null }
}

/** The family of `familyId`, or undefined. */
export function getFamily(store: Store, familyId: string): TokenFamily | undefined {
  ensureTables(store)
  const row = store.prepare(`SELECT ${FAMILY_COLUMNS} FROM token_families WHERE familyId = ?`).get(familyId)
  return row ? toFamily(row as FamilyRow) : undefined
}

/** The family opened by `code`, or undefined (reuse detection). */
export function familyOfCode(store: Store, code: string): TokenFamily | undefined {
  ensureTables(store)
  const row = store
    .prepare(`SELECT ${FAMILY_COLUMNS} FROM token_families WHERE codeHash = ?`)
    .get(sha256Hex(code))
  return row ? toFamily(row as FamilyRow) : undefined
}

/** Revokes a family: its refresh and access tokens all die. Idempotent. */
export function revokeFamily(store: Store, familyId: string): void {
  ensureTables(store)
  store
    .prepare('UPDATE token_families SET revokedAt = ? WHERE familyId = ? AND revokedAt IS NULL')
    .run(store.now(), familyId)
}

/**
 * Revokes every token of `appId` for `account` (the wallet's "revoke grant"). Returns how many families.
 *
 * @example
 * ```ts
 * revokeGrant(store, 'web2-shop', '0xAbC…')
 * ```
 */
export function revokeGrant(store: Store, appId: string, account: string): number {
  ensureTables(store)
  const live = store
    .prepare(
      'SELECT scopes FROM token_families WHERE clientId = ? AND lower(account) = lower(?) AND revokedAt IS NULL',
    )
    .all(appId, account) as { scopes: string }[]
  const revoked = store
    .prepare(
      'UPDATE token_families SET revokedAt = ? WHERE clientId = ? AND lower(account) = lower(?) AND revokedAt IS NULL',
    )
    .run(store.now(), appId, account).changes
  // the app's back end hears of it (webhook authorization.revoked)
  if (revoked > 0)
    emitRevoked(
      store,
      appId,
      account,
      live.flatMap((r) => r.scopes.split(' ')),
    )
  return revoked
}

const emitRevoked = (store: Store, appId: string, account: string, scopes: string[]) =>
  emitStoreEvent(store, {
    type: 'authorization.revoked',
    appId,
    data: { userId: account.toLowerCase(), scope: [...new Set(scopes)].sort() },
  })

/** Issues a refresh token of the family: 32 random bytes base64url, stored hashed, 30 days. */
export function issueRefreshToken(store: Store, familyId: string): { token: string; expiresAt: number } {
  ensureTables(store)
  const token = randomBytes(32).toString('base64url')
  const expiresAt = store.now() + REFRESH_TOKEN_TTL_MS
  store
    .prepare('INSERT INTO refresh_tokens (tokenHash, familyId, expiresAt) VALUES (?, ?, ?)')
    .run(sha256Hex(token), familyId, expiresAt)
  return { token, expiresAt }
}

/** A refresh token as stored, with its family. */
export interface RefreshTokenRecord {
  family: TokenFamily
  expiresAt: number
  /** When it was rotated (spent), ms, or null. */
  usedAt: number | null
  /** Unspent, unexpired, and its family is live. */
  live: boolean
}

/** Looks a refresh token up (introspection, revocation). */
export function findRefreshToken(store: Store, token: string): RefreshTokenRecord | undefined {
  ensureTables(store)
  const row = store
    .prepare('SELECT familyId, expiresAt, usedAt FROM refresh_tokens WHERE tokenHash = ?')
    .get(sha256Hex(token)) as { familyId: string; expiresAt: number; usedAt: number | null } | undefined
  const family = row && getFamily(store, row.familyId)
  if (!row || !family) return undefined
  const live = row.usedAt === null && row.expiresAt > store.now() && family.revokedAt === null
  return { family, expiresAt: row.expiresAt, usedAt: row.usedAt, live }
}

/** The outcome of {@link spendRefreshToken}. */
export type SpendResult =
  | { status: 'ok'; family: TokenFamily }
  | { status: 'reused'; family: TokenFamily }
  | { status: 'invalid' }

/**
 * Spends a refresh token for rotation, atomically: `ok` once; a second use is `reused` and revokes the
 * whole family (OAuth 2.0 Security BCP, RFC 9700 §4.14.2); unknown, expired or revoked is `invalid`.
 * `clientId` must be the family's client (else `invalid`, and nothing is spent).
 */
export function spendRefreshToken(store: Store, token: string, clientId: string): SpendResult {
  ensureTables(store)
  const result = spend(store, token, clientId)
  // a reuse revoked a live family: the app's back end hears of it (webhook authorization.revoked)
  if (result.status === 'reused' && result.family.revokedAt === null)
    emitRevoked(store, result.family.clientId, result.family.account, result.family.scopes)
  return result
}

function spend(store: Store, token: string, clientId: string): SpendResult {
  return store.db.transaction((): SpendResult => {
    const record = findRefreshToken(store, token)
    if (!record || record.family.clientId !== clientId) return { status: 'invalid' }
    if (record.usedAt !== null) {
      revokeFamily(store, record.family.familyId)
      return { status: 'reused', family: record.family }
    }
    if (!record.live) return { status: 'invalid' }
    store
      .prepare('UPDATE refresh_tokens SET usedAt = ? WHERE tokenHash = ?')
      .run(store.now(), sha256Hex(token))
    return { status: 'ok', family: record.family }
  })()
}

/** Registers an issued access token's `jti` (for revocation and family liveness). */
export function recordAccessToken(store: Store, jti: string, familyId: string, expiresAt: number): void {
  ensureTables(store)
  const now = store.now()
  store.prepare('DELETE FROM access_tokens WHERE expiresAt <= ?').run(now)
  store
    .prepare('INSERT INTO access_tokens (jti, familyId, expiresAt) VALUES (?, ?, ?)')
    .run(jti, familyId, expiresAt)
}

/** Is the access token `jti` live: registered, not denylisted, its family not revoked? */
export function isAccessTokenLive(store: Store, jti: string): boolean {
  ensureTables(store)
  const row = store
    .prepare(
      `SELECT t.revokedAt AS tokenRevoked, f.revokedAt AS familyRevoked, t.expiresAt FROM access_tokens t
       JOIN token_families f ON f.familyId = t.familyId WHERE t.jti = ?`,
    )
    .get(jti) as { tokenRevoked: number | null; familyRevoked: number | null; expiresAt: number } | undefined
  return !!row && row.tokenRevoked === null && row.familyRevoked === null && row.expiresAt > store.now()
}

/** Denylists an access token until its expiry (RFC 7009). */
export function revokeAccessToken(store: Store, jti: string): void {
  ensureTables(store)
  store
    .prepare('UPDATE access_tokens SET revokedAt = ? WHERE jti = ? AND revokedAt IS NULL')
    .run(store.now(), jti)
}

/** The access-token signing key (private JWK and kid), or undefined before the first start. */
export function findTokenKey(store: Store): { kid: string; privateJwk: Record<string, unknown> } | undefined {
  ensureTables(store)
  const row = store.prepare('SELECT kid, privateJwk FROM token_keys ORDER BY createdAt DESC LIMIT 1').get() as
    | { kid: string; privateJwk: string }
    | undefined
  return row && { kid: row.kid, privateJwk: JSON.parse(row.privateJwk) }
}

/** Stores the access-token signing key (kept apart from the manifest keys: those sign manifests). */
export function addTokenKey(store: Store, key: { kid: string; privateJwk: Record<string, unknown> }): void {
  ensureTables(store)
  store
    .prepare('INSERT INTO token_keys (kid, privateJwk, createdAt) VALUES (?, ?, ?)')
    .run(key.kid, JSON.stringify(key.privateJwk), store.now())
}
