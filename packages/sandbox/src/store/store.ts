import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { APP_DIRS_TABLE } from './app-dirs.js'
import { RELAYS_TABLE } from './relays.js'
import { hasExampleApps, seedExampleApps } from './seed.js'

/** File name of the database inside the data directory. */
export const STORE_FILE = 'sandbox.db'

const SCHEMA_VERSION = 1

const SCHEMA = `
CREATE TABLE apps (
  appId TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT,
  origin TEXT NOT NULL UNIQUE,
  entryUrl TEXT NOT NULL,
  icon TEXT,
  version TEXT NOT NULL,
  scopes TEXT NOT NULL,
  permissions TEXT,
  contracts TEXT,
  developer TEXT,
  sourceUrl TEXT,
  audit TEXT,
  securityRating TEXT,
  status TEXT NOT NULL CHECK (status IN ('listed', 'delisted')),
  updatedAt TEXT NOT NULL,
  sponsored INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE app_keys (
  keyId TEXT PRIMARY KEY,
  appId TEXT NOT NULL REFERENCES apps(appId) ON DELETE CASCADE,
  secret TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  expiresAt INTEGER
);
CREATE INDEX app_keys_app ON app_keys(appId);
CREATE TABLE nonces (
  appId TEXT NOT NULL,
  nonce TEXT NOT NULL,
  expiresAt INTEGER NOT NULL,
  PRIMARY KEY (appId, nonce)
);
CREATE INDEX nonces_expiry ON nonces(expiresAt);
CREATE TABLE broadcasts (
  hash TEXT PRIMARY KEY,
  raw TEXT NOT NULL,
  chainId INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed', 'dropped')),
  blockNumber INTEGER,
  appId TEXT,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL
);
CREATE TABLE platform_keys (
  kid TEXT PRIMARY KEY,
  privateJwk TEXT NOT NULL,
  publicJwk TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  retiredAt INTEGER
);
`

/**
 * Stores made before `dropped` existed have a CHECK without it; SQLite cannot alter a CHECK, so the table
 * is rebuilt with its rows, in one transaction (an interrupted open loses nothing).
 */
function allowDroppedBroadcasts(db: Database.Database): void {
  const row = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'broadcasts'")
    .get() as { sql: string } | undefined
  if (!row || row.sql.includes("'dropped'")) return
  db.transaction(() => {
    db.exec(
      row.sql
        .replace('CREATE TABLE broadcasts', 'CREATE TABLE broadcasts_v2')
        .replace("'failed')", "'failed', 'dropped')"),
    )
    db.exec(
      'INSERT INTO broadcasts_v2 SELECT * FROM broadcasts; DROP TABLE broadcasts; ALTER TABLE broadcasts_v2 RENAME TO broadcasts',
    )
  })()
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Directory that holds `sandbox.db` (created if missing). */
  dataDir: string
  /** Delete the database first (`chainless-sandbox --reset`). */
  reset?: boolean
  /**
   * Seed the example mini-programs when the store is new, and re-point their origins at `appsPort` when
   * it is not (default true).
   */
  seed?: boolean
  /** Port of the example mini-programs' server, for the seeded origins (default 8090). */
  appsPort?: number
  /** Clock in ms (tests). Default `Date.now`. */
  now?: () => number
}

/**
 * The sandbox's embedded SQL store (SQLite through better-sqlite3): apps, app keys, nonces, broadcasts,
 * relays and the platform's signing keys, in `dataDir/sandbox.db`. Synchronous; one process at a time.
 */
export interface Store {
  /** The better-sqlite3 handle (for the store's own functions and tests). */
  readonly db: Database.Database
  /** Absolute path of the database file. */
  readonly file: string
  /** True when this open created the database (then the example apps were seeded). */
  readonly created: boolean
  /** Clock in ms. */
  readonly now: () => number
  /** A prepared statement for `sql`, compiled once per store (the store's functions run per request). */
  prepare(sql: string): Database.Statement
  /** Close the database. Idempotent. */
  close(): void
}

/**
 * Opens (or creates) the store in `dataDir`. A new store is seeded with the example mini-programs
 * `hello`, `web3-demo` and `web3-sponsored` (see {@link seedExampleApps}).
 *
 * @example
 * ```ts
 * const store = openStore({ dataDir: '.chainless', appsPort: 8090 })
 * const { appId, appKey } = createApp(store, { name: 'Shop', origin: 'http://shop.localhost:8090', scopes: ['user:basic'] })
 * store.close()
 * ```
 */
export function openStore(options: OpenStoreOptions): Store {
  const { dataDir, reset = false, seed = true, appsPort = 8090, now = Date.now } = options
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, STORE_FILE)
  if (reset) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 2000')
  const version = db.pragma('user_version', { simple: true }) as number
  const created = version === 0
  if (created) {
    db.transaction(() => {
      db.exec(SCHEMA)
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    })()
  } else if (version !== SCHEMA_VERSION) {
    db.close()
    throw new Error(`${file}: schema version ${version}, expected ${SCHEMA_VERSION}; start with --reset`)
  }
  // Tables added since version 1, created when missing so that an existing store keeps working.
  db.exec(RELAYS_TABLE)
  allowDroppedBroadcasts(db)
  db.exec(APP_DIRS_TABLE)
  let open = true
  const statements = new Map<string, Database.Statement>()
  const store: Store = {
    db,
    file,
    created,
    now,
    prepare(sql) {
      let statement = statements.get(sql)
      if (!statement) {
        statement = db.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    },
    close() {
      if (open) db.close()
      open = false
    },
  }
  // new store: create the example apps; existing seeded store: point them at this run's apps port and
  // add the examples it does not have yet (a store opened with `seed: false` stays without them)
  if (seed) seedExampleApps(store, { appsPort, createMissing: created || hasExampleApps(store) })
  return store
}
