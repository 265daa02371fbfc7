/**
 * Reports users file about apps (`POST /api/v1/apps/{appId}/reports`, the `/report` form): what a
 * catalog's moderation would read. The sandbox keeps the newest {@link MAX_REPORTS}.
 * @module
 */
import { randomUUID } from 'node:crypto'
import type { Store } from './store.js'

/** Why an app is reported. */
export type ReportReason = 'scam' | 'malware' | 'inappropriate' | 'broken' | 'other'

/** A stored report. */
export interface AppReport {
  id: string
  appId: string
  reason: ReportReason
  details?: string
  contact?: string
  /** ms since the epoch. */
  receivedAt: number
}

/** How many reports are kept (the oldest go first). */
export const MAX_REPORTS = 10_000

const TABLE = `CREATE TABLE IF NOT EXISTS app_reports (
  id TEXT PRIMARY KEY,
  appId TEXT NOT NULL,
  reason TEXT NOT NULL,
  details TEXT,
  contact TEXT,
  receivedAt INTEGER NOT NULL
)`
const ready = new WeakSet<Store>()
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  store.db.exec('CREATE INDEX IF NOT EXISTS app_reports_app ON app_reports(appId, receivedAt)')
  ready.add(store)
}

/**
 * Stores a report (validated by the caller) and answers it with its id.
 * @example
 * ```ts
 * const report = fileReport(store, { appId: 'hello', reason: 'scam', details: 'asks for my seed phrase' })
 * ```
 */
export function fileReport(store: Store, input: Omit<AppReport, 'id' | 'receivedAt'>): AppReport {
  ensureTable(store)
  const report: AppReport = { id: randomUUID(), receivedAt: store.now(), ...input }
  store.db.transaction(() => {
    store
      .prepare(
        'INSERT INTO app_reports (id, appId, reason, details, contact, receivedAt) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(
        report.id,
        report.appId,
        report.reason,
        report.details ?? null,
        report.contact ?? null,
        report.receivedAt,
      )
    store
      .prepare(
        'DELETE FROM app_reports WHERE rowid NOT IN (SELECT rowid FROM app_reports ORDER BY receivedAt DESC, rowid DESC LIMIT ?)',
      )
      .run(MAX_REPORTS)
  })()
  return report
}

/**
 * Reports, newest first (at most `limit`, default 1,000), of one app or of all.
 * @example
 * ```ts
 * listReports(store, { appId: 'hello' })
 * ```
 */
export function listReports(store: Store, options: { appId?: string; limit?: number } = {}): AppReport[] {
  ensureTable(store)
  const limit = Math.min(Math.max(1, options.limit ?? 1000), 1000)
  const rows = (
    options.appId === undefined
      ? store.prepare('SELECT * FROM app_reports ORDER BY receivedAt DESC, rowid DESC LIMIT ?').all(limit)
      : store
          .prepare('SELECT * FROM app_reports WHERE appId = ? ORDER BY receivedAt DESC, rowid DESC LIMIT ?')
          .all(options.appId, limit)
  ) as {
    id: string
    appId: string
    reason: ReportReason
    details: string | null
    contact: string | null
    receivedAt: number
  }[]
  return rows.map((r) => ({
    id: r.id,
    appId: r.appId,
    reason: r.reason,
    ...(r.details === null ? {} : { details: r.details }),
    ...(r.contact === null ? {} : { contact: r.contact }),
    receivedAt: r.receivedAt,
  }))
}
