/**
 * Where single-use SIWE nonces live. In memory for one process ({@link MemoryNonceStore}); a shared
 * store (Redis) for several. `consume` must be atomic: of two concurrent calls with the same nonce,
 * at most one returns `true`.
 */
export interface NonceStore {
  /** Remembers `nonce` as issued, valid for `ttlMs`. */
  add(nonce: string, ttlMs: number): Promise<void> | void
  /** `true` once for an issued, unexpired nonce, then forgets it; `false` otherwise. */
  consume(nonce: string): Promise<boolean> | boolean
}
