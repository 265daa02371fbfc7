import type { Store } from './store.js'

/**
 * Records `nonce` for `appId` until `expiresAt` (ms) and says whether it was fresh. A nonce is accepted
 * once: a second call with the same pair before it expires answers `false`. Expired nonces are pruned.
 */
export function consumeNonce(store: Store, appId: string, nonce: string, expiresAt: number): boolean {
  const now = store.now()
  return store.db.transaction(() => {
    store.prepare('DELETE FROM nonces WHERE expiresAt <= ?').run(now)
    const res = store.db
      .prepare('INSERT OR IGNORE INTO nonces (appId, nonce, expiresAt) VALUES (?, ?, ?)')
      .run(appId, nonce, expiresAt)
    return res.changes === 1
  })()
}

/** How many nonces are remembered (tests, diagnostics). */
export function countNonces(store: Store): number {
  return (store.prepare('SELECT count(*) AS n FROM nonces').get() as { n: number }).n
}
