/**
 * Where single-use values (webhook nonces, request nonces, event ids) are remembered. `claim` is
 * atomic: of two concurrent calls with the same key, on one machine or several sharing the store, at
 * most one returns `true`. {@link MemoryReplayStore} serves one process; `RedisReplayStore` several.
 */
export interface ReplayStore {
  /**
   * Records `key` for `ttlMs` if it is not recorded yet: `true` the first time (accept), `false`
   * while it is remembered (a replay). Throws (`StoreUnavailableError`, `StoreFullError`) when it
   * cannot tell, so callers fail closed.
   */
  claim(key: string, ttlMs: number): Promise<boolean> | boolean
}
