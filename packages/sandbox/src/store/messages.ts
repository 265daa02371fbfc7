import { randomBytes } from 'node:crypto'
import { countEffect } from './effects.js'
import type { Store } from './store.js'

/** A message an app sent to one of its users (shown in the wallet), as the wallet lists it. */
export interface StoredMessage {
  id: string
  appId: string
  appName: string
  title: string
  body: string
  url?: string
  /** ISO 8601. */
  createdAt: string
}

/** At most this many messages are listed per account. */
export const MAX_LISTED_MESSAGES = 100

const TABLE = `CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY,
  appId TEXT NOT NULL,
  userId TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  url TEXT,
  createdAt INTEGER NOT NULL
)`
const ready = new WeakSet<Store>()
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  store.db.exec('CREATE INDEX IF NOT EXISTS messages_user ON messages(userId, createdAt)')
  ready.add(store)
}

/** Has `userId` (lower-case address) ever authorized `appId` (redeemed an authorization code)? */
export function hasAuthorized(store: Store, appId: string, userId: string): boolean {
  const table = store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'token_families'")
  if (!table.get()) return false
  return !!store
    .prepare('SELECT 1 FROM token_families WHERE clientId = ? AND lower(account) = ? LIMIT 1')
    .get(appId, userId.toLowerCase())
}

/**
 * Stores a message for a user and counts the effect, in one transaction.
 *
 * @example
 * ```ts
 * const { id } = insertMessage(store, { appId: 'shop', userId: '0xf39f…', title: 'Shipped', body: 'Your order left' })
 * ```
 */
export function insertMessage(
  store: Store,
  input: { appId: string; userId: string; title: string; body: string; url?: string },
): { id: string; createdAt: string } {
  ensureTable(store)
  const id = `msg_${randomBytes(12).toString('hex')}`
  const now = store.now()
  store.db.transaction(() => {
    store
      .prepare(
        'INSERT INTO messages (id, appId, userId, title, body, url, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, input.appId, input.userId.toLowerCase(), input.title, input.body, input.url ?? null, now)
    countEffect(store, input.appId, 'messages')
  })()
  return { id, createdAt: new Date(now).toISOString() }
}

/** The messages of an account (any case), newest first, at most {@link MAX_LISTED_MESSAGES}. */
export function listMessages(store: Store, address: string): StoredMessage[] {
  ensureTable(store)
  const rows = store
    .prepare(
      `SELECT m.id, m.appId, coalesce(a.name, m.appId) AS appName, m.userId, m.title, m.body, m.url, m.createdAt
       FROM messages m LEFT JOIN apps a ON a.appId = m.appId
       WHERE m.userId = ? ORDER BY m.createdAt DESC, m.rowid DESC LIMIT ?`,
    )
    .all(address.toLowerCase(), MAX_LISTED_MESSAGES) as (Omit<StoredMessage, 'url' | 'createdAt'> & {
    userId: string
    url: string | null
    createdAt: number
  })[]
  return rows.map(({ url, createdAt, userId: _, ...m }) => ({
    ...m,
    ...(url === null ? {} : { url }),
    createdAt: new Date(createdAt).toISOString(),
  }))
}
