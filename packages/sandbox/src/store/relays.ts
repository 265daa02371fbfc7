import type { Store } from './store.js'

/**
 * A forward request the platform relayer submitted (DESIGN.md, "Fees"), keyed by the user's signature:
 * the same signature always answers the same relayer transaction.
 */
export interface RelayRecord {
  /** The user's EIP-712 signature (lowercase 0x-hex), the idempotency key. */
  signature: string
  /** The relayer's transaction (lowercase 0x-hex); its raw bytes are in the broadcasts table. */
  hash: string
  appId: string
  /** The user (`request.from`, checksummed). */
  sender: string
  /** The forwarded call's target (`request.to`, checksummed). */
  target: string
  chainId: number
  createdAt: number
}

/** Created on every open (added after schema version 1: an existing store gains it without a reset). */
export const RELAYS_TABLE = `
CREATE TABLE IF NOT EXISTS relays (
  signature TEXT PRIMARY KEY,
  hash TEXT NOT NULL,
  appId TEXT NOT NULL,
  sender TEXT NOT NULL,
  target TEXT NOT NULL,
  chainId INTEGER NOT NULL,
  createdAt INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS relays_hash ON relays(hash);
`

/** The relay of this signature, or `undefined`. */
export function getRelay(store: Store, signature: string): RelayRecord | undefined {
  return store.prepare('SELECT * FROM relays WHERE signature = ?').get(signature.toLowerCase()) as
    | RelayRecord
    | undefined
}

/** Records a submitted relay. Idempotent by signature: answers false when it was known already. */
export function recordRelay(store: Store, relay: Omit<RelayRecord, 'createdAt'>): boolean {
  const res = store
    .prepare(
      'INSERT OR IGNORE INTO relays (signature, hash, appId, sender, target, chainId, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      relay.signature.toLowerCase(),
      relay.hash.toLowerCase(),
      relay.appId,
      relay.sender,
      relay.target,
      relay.chainId,
      store.now(),
    )
  return res.changes === 1
}

/** How many relays are recorded (tests, diagnostics). */
export function countRelays(store: Store): number {
  return (store.prepare('SELECT count(*) AS n FROM relays').get() as { n: number }).n
}
