import { emitStoreEvent } from './events.js'
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
  if (res.changes === 1)
    emitStoreEvent(store, {
      type: 'broadcast.recorded',
      appId: tx.appId ?? null,
      data: { hash: tx.hash.toLowerCase(), chainId: tx.chainId },
    })
  return res.changes === 1
}

/**
 * Updates a broadcast's status (from its receipt). The first time an app's broadcast reaches a final
 * status, its back end hears of it (webhook `transaction.confirmed`).
 */
export function setBroadcastStatus(
  store: Store,
  hash: string,
  status: BroadcastStatus,
  blockNumber: number | null,
): void {
  const before = getBroadcast(store, hash)
  store.db
    .prepare('UPDATE broadcasts SET status = ?, blockNumber = ?, updatedAt = ? WHERE hash = ?')
    .run(status, blockNumber, store.now(), hash.toLowerCase())
  if (before?.appId && before.status === 'pending' && status !== 'pending')
    emitStoreEvent(store, {
      type: 'transaction.confirmed',
      appId: before.appId,
      data: { hash: before.hash, status, blockNumber: blockNumber ?? 0, chainId: before.chainId },
    })
}

/** How many broadcasts are recorded (tests, diagnostics). */
export function countBroadcasts(store: Store): number {
  return (store.prepare('SELECT count(*) AS n FROM broadcasts').get() as { n: number }).n
}
