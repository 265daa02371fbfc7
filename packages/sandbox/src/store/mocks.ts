/**
 * The wallet workbench's bridge mock rules, persisted in the data directory so they survive a restart
 * (`GET`/`PUT /__sandbox/mocks`). The API validates them against the document's `MockRules`; the store
 * keeps the list as one JSON document, replaced as a whole.
 * @module
 */
import type { Store } from './store.js'

/** A bridge mock rule (the document's `MockRule`; runtime-host devtools' `MockRule`). */
export interface StoredMockRule {
  id: string
  /** An appId or `*`. */
  appId: string
  method: string
  account?: string
  action:
    | { kind: 'error'; code: number; message?: string; data?: unknown }
    | { kind: 'result'; result: unknown }
    | { kind: 'delay'; delayMs: number }
  delayMs?: number
  enabled: boolean
}

const TABLE = `CREATE TABLE IF NOT EXISTS sandbox_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
)`
const KEY = 'mockRules'
const ready = new WeakSet<Store>()
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  ready.add(store)
}

/**
 * The stored mock rules (empty when none were ever stored).
 * @example
 * ```ts
 * listMockRules(store) // [{ id: 'r1', appId: 'hello', method: 'eth_sendTransaction', action: { kind: 'error', code: 4001 }, enabled: true }]
 * ```
 */
export function listMockRules(store: Store): StoredMockRule[] {
  ensureTable(store)
  const row = store.prepare('SELECT value FROM sandbox_settings WHERE key = ?').get(KEY) as
    | { value: string }
    | undefined
  if (!row) return []
  const parsed: unknown = JSON.parse(row.value)
  return Array.isArray(parsed) ? (parsed as StoredMockRule[]) : []
}

/**
 * Replaces every stored rule (already validated by the caller) in one write.
 * @example
 * ```ts
 * setMockRules(store, [])
 * ```
 */
export function setMockRules(store: Store, rules: readonly StoredMockRule[]): void {
  ensureTable(store)
  store
    .prepare(
      'INSERT INTO sandbox_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    )
    .run(KEY, JSON.stringify(rules))
}

/**
 * Drops the rules of one app (its own `appId`, not `*`); answers how many went.
 * @example
 * ```ts
 * removeAppMockRules(store, 'hello') // 2
 * ```
 */
export function removeAppMockRules(store: Store, appId: string): number {
  const rules = listMockRules(store)
  const kept = rules.filter((r) => r.appId !== appId)
  if (kept.length !== rules.length) setMockRules(store, kept)
  return rules.length - kept.length
}
