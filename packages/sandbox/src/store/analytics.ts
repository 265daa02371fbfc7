import { countEffect } from './effects.js'
import type { Store } from './store.js'

/** An analytics event as an app sends it. */
export interface AnalyticsEventInput {
  /** Deduplication id (per app). */
  id: string
  name: string
  /** ms since the epoch. */
  timestamp: number
  userId?: string
  properties?: Record<string, unknown>
}

/** A stored event, with when the platform received it (ms). */
export interface StoredAnalyticsEvent extends AnalyticsEventInput {
  receivedAt: number
}

const TABLE = `CREATE TABLE IF NOT EXISTS analytics_events (
  appId TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  userId TEXT,
  properties TEXT,
  receivedAt INTEGER NOT NULL,
  PRIMARY KEY (appId, id)
)`
const ready = new WeakSet<Store>()
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  ready.add(store)
}

/**
 * Stores a batch of events in one transaction; an id the app sent before (or twice in the batch) is a
 * duplicate and dropped.
 *
 * @example
 * ```ts
 * insertAnalyticsEvents(store, 'shop', [{ id: 'e1', name: 'view', timestamp: Date.now() }]) // { accepted: 1, duplicates: 0 }
 * ```
 */
export function insertAnalyticsEvents(
  store: Store,
  appId: string,
  events: readonly AnalyticsEventInput[],
): { accepted: number; duplicates: number } {
  ensureTable(store)
  const now = store.now()
  const insert = store.prepare(
    'INSERT OR IGNORE INTO analytics_events (appId, id, name, timestamp, userId, properties, receivedAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  return store.db.transaction(() => {
    let accepted = 0
    for (const e of events)
      accepted += insert.run(
        appId,
        e.id,
        e.name,
        e.timestamp,
        e.userId ?? null,
        e.properties === undefined ? null : JSON.stringify(e.properties),
        now,
      ).changes
    countEffect(store, appId, 'analyticsEvents', accepted)
    return { accepted, duplicates: events.length - accepted }
  })()
}

/** An app's stored events (optionally of one name), newest first, and how many it has in all. */
export function queryAnalyticsEvents(
  store: Store,
  appId: string,
  options: { name?: string; limit?: number } = {},
): { count: number; events: StoredAnalyticsEvent[] } {
  ensureTable(store)
  const count = (
    store.prepare('SELECT count(*) AS n FROM analytics_events WHERE appId = ?').get(appId) as { n: number }
  ).n
  const rows = store
    .prepare(
      `SELECT id, name, timestamp, userId, properties, receivedAt FROM analytics_events
       WHERE appId = ? AND (? IS NULL OR name = ?) ORDER BY timestamp DESC, rowid DESC LIMIT ?`,
    )
    .all(appId, options.name ?? null, options.name ?? null, options.limit ?? 100) as {
    id: string
    name: string
    timestamp: number
    userId: string | null
    properties: string | null
    receivedAt: number
  }[]
  const events = rows.map(({ userId, properties, ...e }) => ({
    ...e,
    ...(userId === null ? {} : { userId }),
    ...(properties === null ? {} : { properties: JSON.parse(properties) as Record<string, unknown> }),
  }))
  return { count, events }
}
