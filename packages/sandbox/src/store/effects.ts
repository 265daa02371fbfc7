import type { Store } from './store.js'

/** Kinds of effects the sandbox counts per app (`GET /__sandbox/effects`). */
export type EffectKind = 'messages' | 'analyticsEvents' | 'storageWrites' | 'webhookDeliveries'

/** Counts of the effects that happened for an app. */
export type EffectCounts = Record<EffectKind, number>

const KINDS: readonly EffectKind[] = ['messages', 'analyticsEvents', 'storageWrites', 'webhookDeliveries']

const TABLE = `CREATE TABLE IF NOT EXISTS effects (
  appId TEXT NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (appId, kind)
)`
const ready = new WeakSet<Store>()
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  ready.add(store)
}

/**
 * Counts `n` effects of `kind` for `appId`: call it in the transaction of the effect itself, so that the
 * count is exactly what happened (tests count duplicate effects with it).
 *
 * @example
 * ```ts
 * store.db.transaction(() => { insertMessage(); countEffect(store, 'shop', 'messages') })()
 * ```
 */
export function countEffect(store: Store, appId: string, kind: EffectKind, n = 1): void {
  if (n <= 0) return
  ensureTable(store)
  store
    .prepare(
      'INSERT INTO effects (appId, kind, count) VALUES (?, ?, ?) ON CONFLICT (appId, kind) DO UPDATE SET count = count + excluded.count',
    )
    .run(appId, kind, n)
}

/** The effect counts of an app (zero for kinds that never happened). */
export function effectCounts(store: Store, appId: string): EffectCounts {
  ensureTable(store)
  const rows = store.prepare('SELECT kind, count FROM effects WHERE appId = ?').all(appId) as {
    kind: EffectKind
    count: number
  }[]
  const out = Object.fromEntries(KINDS.map((k) => [k, 0])) as EffectCounts
  for (const r of rows) if (KINDS.includes(r.kind)) out[r.kind] = r.count
  return out
}
