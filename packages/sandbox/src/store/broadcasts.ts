import type { Store } from './store.js'

/** Status of a broadcast transaction (DESIGN.md, "Transaction"). */
export type BroadcastStatus = 'pending' | 'confirmed' | 'failed'

/** A transaction the platform sent to the chain. */
export interface BroadcastRecord {
  hash: string
  raw: string
  chainId: number
  status: BroadcastStatus
  blockNumber: number | null
  /** The app that sent it, when it authenticated. */
  appId: string | null
  createdAt: number
  updatedAt: number
}

/** The broadcast with this hash (lowercase 0x-hex), or `undefined`. */
export function getBroadcast(store: Store, hash: string): BroadcastRecord | undefined {
  return store.prepare('SELECT * FROM broadcasts WHERE hash = ?').get(hash.toLowerCase()) as
    | BroadcastRecord
    | undefined
}

/** Records a sent transaction as pending. Idempotent by hash: answers false when it was known already. */
export function recordBroadcast(
  store: Store,
  tx: { hash: string; raw: string; chainId: number; appId?: string | null },
): boolean {
  const now = store.now()
  const res = store.db
    .prepare(
      "INSERT OR IGNORE INTO broadcasts (hash, raw, chainId, status, blockNumber, appId, createdAt, updatedAt) VALUES (?, ?, ?, 'pending', NULL, ?, ?, ?)",
    )
    .run(tx.hash.toLowerCase(), tx.raw, tx.chainId, tx.appId ?? null, now, now)
  return res.changes === 1
}

/** Updates a broadcast's status (from its receipt). */
export function setBroadcastStatus(
  store: Store,
  hash: string,
  status: BroadcastStatus,
  blockNumber: number | null,
): void {
  store.db
    .prepare('UPDATE broadcasts SET status = ?, blockNumber = ?, updatedAt = ? WHERE hash = ?')
    .run(status, blockNumber, store.now(), hash.toLowerCase())
}

/** How many broadcasts are recorded (tests, diagnostics). */
export function countBroadcasts(store: Store): number {
  return (store.prepare('SELECT count(*) AS n FROM broadcasts').get() as { n: number }).n
}
