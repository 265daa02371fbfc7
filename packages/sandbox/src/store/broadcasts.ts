import { emitStoreEvent } from './events.js'
import type { Store } from './store.js'

/**
 * Status of a broadcast transaction (DESIGN.md, "Transaction"). `dropped`: sent to a chain that no longer
 * knows it (the sandbox's chain starts fresh on every start, the store stays); it will never confirm.
 */
export type BroadcastStatus = 'pending' | 'confirmed' | 'failed' | 'dropped'

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
  // dropped is not an outcome on the chain: the webhook's statuses are confirmed and failed
  if (before?.appId && before.status === 'pending' && (status === 'confirmed' || status === 'failed'))
    emitStoreEvent(store, {
      type: 'transaction.confirmed',
      appId: before.appId,
      data: { hash: before.hash, status, blockNumber: blockNumber ?? 0, chainId: before.chainId },
    })
}

/** Most pending broadcasts one start looks at (the rest stay pending until the next start). */
export const MAX_PENDING_CHECKED = 10_000

/**
 * Marks `dropped` the pending broadcasts the chain no longer knows: another chain id, or a transaction
 * the node has never seen (`knows` answers false). Run at start, before the API answers, so a status
 * query never says `pending` for a transaction that cannot confirm. Answers how many were dropped.
 *
 * @example
 * ```ts
 * await dropForgottenBroadcasts(store, chain.chainId, async (hash) => (await getTx(hash)) !== null)
 * ```
 */
export async function dropForgottenBroadcasts(
  store: Store,
  chainId: number,
  knows: (hash: string) => Promise<boolean>,
): Promise<number> {
  const pending = store
    .prepare("SELECT hash, chainId FROM broadcasts WHERE status = 'pending' ORDER BY createdAt LIMIT ?")
    .all(MAX_PENDING_CHECKED) as { hash: string; chainId: number }[]
  let dropped = 0
  for (const tx of pending) {
    if (tx.chainId === chainId && (await knows(tx.hash))) continue
    setBroadcastStatus(store, tx.hash, 'dropped', null)
    dropped++
  }
  return dropped
}

/** How many broadcasts are recorded (tests, diagnostics). */
export function countBroadcasts(store: Store): number {
  return (store.prepare('SELECT count(*) AS n FROM broadcasts').get() as { n: number }).n
}
