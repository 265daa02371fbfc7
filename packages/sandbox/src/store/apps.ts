import { randomBytes } from 'node:crypto'
import type { BrowserPermission, Manifest, ManifestContract, Scope } from '@chainless/protocol'
import { manifestSchema } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { AppExistsError, AppNotFoundError, InvalidAppError } from './errors.js'
import type { Store } from './store.js'

/** Default grace period of a rotated app key: 24 hours. */
export const DEFAULT_KEY_GRACE_MS = 24 * 60 * 60 * 1000

/** appIds the API routes use themselves (`/api/v1/apps/me`). */
const RESERVED_APP_IDS = new Set(['me'])

/** What {@link createApp} needs: a name, an origin and scopes; the rest of the manifest is optional. */
export interface CreateAppInput {
  name: string
  origin: string
  scopes: readonly Scope[]
  /** Default: a slug of the name plus 6 random hex digits. */
  appId?: string
  description?: string
  /** Default: `origin + '/'`. */
  entryUrl?: string
  icon?: string
  /** Default `'0.1.0'`. */
  version?: string
  permissions?: readonly BrowserPermission[]
  contracts?: readonly ManifestContract[]
  developer?: Manifest['developer']
  sourceUrl?: string
  audit?: Manifest['audit']
  /** Default `'unrated'`. */
  securityRating?: Manifest['securityRating']
  sponsored?: boolean
}

/** A new app and its first key. The key is shown once; the store keeps it to check HMAC signatures. */
export interface CreatedApp {
  appId: string
  appKey: string
  keyId: string
  manifest: Manifest
}

/** A key's metadata (never the secret). */
export interface AppKeyInfo {
  keyId: string
  createdAt: number
  /** Set for rotated keys: valid until then (grace period). */
  expiresAt: number | null
}

interface AppRow {
  appId: string
  name: string
  description: string | null
  origin: string
  entryUrl: string
  icon: string | null
  version: string
  scopes: string
  permissions: string | null
  contracts: string | null
  developer: string | null
  sourceUrl: string | null
  audit: string | null
  securityRating: string | null
  status: 'listed' | 'delisted'
  updatedAt: string
  sponsored: number
}

const newAppKey = () => `ck_${randomBytes(32).toString('base64url')}`
const newKeyId = () => `key_${randomBytes(6).toString('hex')}`

/** A lowercase, dash-separated id part made of `name` (`'My Shop!'` → `'my-shop'`), at most 40 characters. */
export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '')
  return s || 'app'
}

function rowToManifest(row: AppRow): Manifest {
  const m: Manifest = {
    appId: row.appId,
    name: row.name,
    version: row.version,
    origin: row.origin,
    entryUrl: row.entryUrl,
    scopes: JSON.parse(row.scopes),
  }
  if (row.description != null) m.description = row.description
  if (row.icon != null) m.icon = row.icon
  if (row.permissions != null) m.permissions = JSON.parse(row.permissions)
  if (row.contracts != null) m.contracts = JSON.parse(row.contracts)
  if (row.developer != null) m.developer = JSON.parse(row.developer)
  if (row.sourceUrl != null) m.sourceUrl = row.sourceUrl
  if (row.audit != null) m.audit = JSON.parse(row.audit)
  if (row.securityRating != null) m.securityRating = row.securityRating as Manifest['securityRating']
  m.updatedAt = row.updatedAt
  m.status = row.status
  m.sponsored = row.sponsored === 1
  return m
}

function manifestToRow(m: Manifest): AppRow {
  const json = (x: unknown) => (x === undefined ? null : JSON.stringify(x))
  return {
    appId: m.appId,
    name: m.name,
    description: m.description ?? null,
    origin: m.origin,
    entryUrl: m.entryUrl,
    icon: m.icon ?? null,
    version: m.version,
    scopes: JSON.stringify(m.scopes),
    permissions: json(m.permissions),
    contracts: json(m.contracts),
    developer: json(m.developer),
    sourceUrl: m.sourceUrl ?? null,
    audit: json(m.audit),
    securityRating: m.securityRating ?? null,
    status: m.status ?? 'listed',
    updatedAt: m.updatedAt ?? new Date().toISOString(),
    sponsored: m.sponsored ? 1 : 0,
  }
}

function validate(m: Manifest): Manifest {
  const res = v.safeParse(manifestSchema, m)
  if (!res.success)
    throw new InvalidAppError(res.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })))
  if (RESERVED_APP_IDS.has(m.appId)) throw new InvalidAppError([{ path: 'appId', message: 'reserved' }])
  return m
}

const COLUMNS =
  'appId, name, description, origin, entryUrl, icon, version, scopes, permissions, contracts, developer, sourceUrl, audit, securityRating, status, updatedAt, sponsored'

function insertApp(store: Store, m: Manifest): void {
  const row = manifestToRow(m)
  store.db
    .prepare(`INSERT INTO apps (${COLUMNS}) VALUES (${COLUMNS.split(', ').map((c) => `@${c}`)})`)
    .run(row)
}

function insertKey(store: Store, appId: string): { keyId: string; appKey: string } {
  const keyId = newKeyId()
  const appKey = newAppKey()
  store.db
    .prepare('INSERT INTO app_keys (keyId, appId, secret, createdAt, expiresAt) VALUES (?, ?, ?, ?, NULL)')
    .run(keyId, appId, appKey, store.now())
  return { keyId, appKey }
}

/**
 * Registers an app and issues its first app key (`chainless-sandbox apps create`).
 * The manifest it makes is checked with `manifestSchema`; the appId and the origin must be free.
 *
 * @throws {InvalidAppError} the data does not make a valid manifest (or the appId is reserved).
 * @throws {AppExistsError} the appId or the origin is taken.
 * @example
 * ```ts
 * const { appId, appKey } = createApp(store, { name: 'Shop', origin: 'http://shop.localhost:8090', scopes: ['user:basic'] })
 * ```
 */
export function createApp(store: Store, input: CreateAppInput): CreatedApp {
  const appId = input.appId ?? `${slug(input.name)}-${randomBytes(3).toString('hex')}`
  const manifest: Manifest = {
    appId,
    name: input.name,
    version: input.version ?? '0.1.0',
    origin: input.origin,
    entryUrl: input.entryUrl ?? `${input.origin}/`,
    scopes: [...new Set(input.scopes)],
    securityRating: input.securityRating ?? 'unrated',
    updatedAt: new Date(store.now()).toISOString(),
    status: 'listed',
    sponsored: input.sponsored ?? false,
  }
  if (input.description !== undefined) manifest.description = input.description
  if (input.icon !== undefined) manifest.icon = input.icon
  if (input.permissions !== undefined) manifest.permissions = [...new Set(input.permissions)]
  if (input.contracts !== undefined) manifest.contracts = input.contracts
  if (input.developer !== undefined) manifest.developer = input.developer
  if (input.sourceUrl !== undefined) manifest.sourceUrl = input.sourceUrl
  if (input.audit !== undefined) manifest.audit = input.audit
  validate(manifest)
  return store.db.transaction(() => {
    if (store.prepare('SELECT 1 FROM apps WHERE appId = ?').get(appId))
      throw new AppExistsError('appId', appId)
    if (store.prepare('SELECT 1 FROM apps WHERE origin = ?').get(manifest.origin))
      throw new AppExistsError('origin', manifest.origin)
    insertApp(store, manifest)
    const { keyId, appKey } = insertKey(store, appId)
    return { appId, appKey, keyId, manifest: getApp(store, appId) }
  })()
}

/**
 * The manifest of an app (listed or delisted).
 * @throws {AppNotFoundError}
 */
export function getApp(store: Store, appId: string): Manifest {
  const app = findApp(store, appId)
  if (!app) throw new AppNotFoundError(appId)
  return app
}

/** The manifest of an app, or `undefined`. */
export function findApp(store: Store, appId: string): Manifest | undefined {
  const row = store.prepare(`SELECT ${COLUMNS} FROM apps WHERE appId = ?`).get(appId) as AppRow | undefined
  return row && rowToManifest(row)
}

/** Every app, ordered by appId (`chainless-sandbox apps list`). */
export function listApps(store: Store, options: { includeDelisted?: boolean } = {}): Manifest[] {
  const where = options.includeDelisted === false ? "WHERE status = 'listed'" : ''
  const rows = store.prepare(`SELECT ${COLUMNS} FROM apps ${where} ORDER BY appId`).all() as AppRow[]
  return rows.map(rowToManifest)
}

/**
 * Catalog search: every whitespace-separated term of `q` must occur (case-insensitively) in the name
 * or the description. Delisted apps are included (marked by `status`). Ordered by name.
 */
export function searchApps(store: Store, options: { q?: string; limit?: number } = {}): Manifest[] {
  const terms = (options.q ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((t) => t.length > 0)
    .slice(0, 10)
  const where = terms.map(
    () => "(instr(lower(name), ?) > 0 OR instr(lower(coalesce(description, '')), ?) > 0)",
  )
  const sql = `SELECT ${COLUMNS} FROM apps ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY lower(name), appId LIMIT ?`
  const rows = store.prepare(sql).all(...terms.flatMap((t) => [t, t]), options.limit ?? 50) as AppRow[]
  return rows.map(rowToManifest)
}

/**
 * Updates fields of an app's manifest (e.g. the contracts once the chain deployed them). The result is
 * validated like {@link createApp}'s; `appId` cannot change.
 * @throws {AppNotFoundError | InvalidAppError | AppExistsError}
 */
export function updateApp(
  store: Store,
  appId: string,
  patch: Partial<Omit<Manifest, 'appId' | 'updatedAt'>>,
): Manifest {
  return store.db.transaction(() => {
    const current = getApp(store, appId)
    const next: Manifest = { ...current, ...patch, appId, updatedAt: new Date(store.now()).toISOString() }
    validate(next)
    if (next.origin !== current.origin) {
      const other = store.prepare('SELECT appId FROM apps WHERE origin = ?').get(next.origin)
      if (other) throw new AppExistsError('origin', next.origin)
    }
    const row = manifestToRow(next)
    const sets = COLUMNS.split(', ')
      .filter((c) => c !== 'appId')
      .map((c) => `${c} = @${c}`)
    store.prepare(`UPDATE apps SET ${sets.join(', ')} WHERE appId = @appId`).run(row)
    return getApp(store, appId)
  })()
}

/**
 * Marks an app delisted (`chainless-sandbox apps delist`): its manifest says so, hosts refuse to mount
 * it, its origin loses CORS and its keys stop authenticating. Idempotent.
 * @throws {AppNotFoundError}
 */
export function delistApp(store: Store, appId: string): Manifest {
  return updateApp(store, appId, { status: 'delisted' })
}

/** Lists a delisted app again. @throws {AppNotFoundError} */
export function relistApp(store: Store, appId: string): Manifest {
  return updateApp(store, appId, { status: 'listed' })
}

/** Result of {@link rotateAppKey}. */
export interface RotatedKey {
  appId: string
  appKey: string
  keyId: string
  /** When the previous key(s) stop working. */
  previousKeysExpireAt: number
}

/**
 * Issues a new app key (`chainless-sandbox apps rotate-key`). The keys valid so far stay valid for
 * `graceMs` (default 24 h), so a back end can roll over without downtime.
 * @throws {AppNotFoundError}
 * @example
 * ```ts
 * const { appKey } = rotateAppKey(store, 'hello', { graceMs: 60_000 })
 * ```
 */
export function rotateAppKey(store: Store, appId: string, options: { graceMs?: number } = {}): RotatedKey {
  const graceMs = options.graceMs ?? DEFAULT_KEY_GRACE_MS
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new RangeError('graceMs must be >= 0')
  return store.db.transaction(() => {
    getApp(store, appId)
    const now = store.now()
    const until = now + graceMs
    // Two keys at most are valid during a rotation (DESIGN.md, "Platform API"): the key in use keeps
    // working for the grace period, any older key still in its grace ends now.
    const current = store.db
      .prepare(
        'SELECT keyId FROM app_keys WHERE appId = ? AND (expiresAt IS NULL OR expiresAt > ?) ORDER BY createdAt DESC, rowid DESC LIMIT 1',
      )
      .get(appId, now) as { keyId: string } | undefined
    store.db
      .prepare(
        'UPDATE app_keys SET expiresAt = ? WHERE appId = ? AND keyId IS NOT ? AND (expiresAt IS NULL OR expiresAt > ?)',
      )
      .run(now, appId, current?.keyId ?? null, now)
    store.db
      .prepare(
        // never extends a key that already expires sooner
        'UPDATE app_keys SET expiresAt = ? WHERE appId = ? AND keyId IS ? AND (expiresAt IS NULL OR expiresAt > ?)',
      )
      .run(until, appId, current?.keyId ?? null, until)
    const { keyId, appKey } = insertKey(store, appId)
    return { appId, appKey, keyId, previousKeysExpireAt: until }
  })()
}

/** Metadata of an app's keys, newest first (no secrets). */
export function listAppKeys(store: Store, appId: string): AppKeyInfo[] {
  return store.db
    .prepare(
      'SELECT keyId, createdAt, expiresAt FROM app_keys WHERE appId = ? ORDER BY createdAt DESC, rowid DESC',
    )
    .all(appId) as AppKeyInfo[]
}

/**
 * The secrets that authenticate an app now: its current key and rotated keys within their grace period.
 * Empty for unknown or delisted apps.
 */
export function validAppSecrets(store: Store, appId: string, now = store.now()): string[] {
  const rows = store.db
    .prepare(
      `SELECT k.secret FROM app_keys k JOIN apps a ON a.appId = k.appId
       WHERE k.appId = ? AND a.status = 'listed' AND (k.expiresAt IS NULL OR k.expiresAt > ?)
       ORDER BY k.createdAt DESC, k.rowid DESC`,
    )
    .all(appId, now) as { secret: string }[]
  return rows.map((r) => r.secret)
}

/** Is `origin` the origin of a listed app? (CORS, DESIGN.md "Platform API".) */
export function isListedAppOrigin(store: Store, origin: string): boolean {
  return !!store.prepare("SELECT 1 FROM apps WHERE origin = ? AND status = 'listed'").get(origin)
}
