import type { Scope } from '@chainless/protocol'

/**
 * Where the host keeps what the user granted each app. The wallet plugs in its own persistent store;
 * the default keeps grants in memory.
 */
export interface GrantStore {
  /** Scopes the user granted `appId`. */
  list(appId: string): readonly Scope[]
  /** Adds scopes to `appId`'s grants. */
  grant(appId: string, scopes: readonly Scope[]): void
  /** Removes scopes from `appId`'s grants. */
  revoke(appId: string, scopes: readonly Scope[]): void
}

/**
 * An in-memory {@link GrantStore}.
 * @example
 * ```ts
 * const grants = new MemoryGrantStore()
 * grants.grant('hello', ['user:basic'])
 * ```
 */
export class MemoryGrantStore implements GrantStore {
  readonly #grants = new Map<string, Set<Scope>>()
  list(appId: string): readonly Scope[] {
    return [...(this.#grants.get(appId) ?? [])]
  }
  grant(appId: string, scopes: readonly Scope[]): void {
    const set = this.#grants.get(appId) ?? new Set<Scope>()
    for (const scope of scopes) set.add(scope)
    this.#grants.set(appId, set)
  }
  revoke(appId: string, scopes: readonly Scope[]): void {
    const set = this.#grants.get(appId)
    for (const scope of scopes) set?.delete(scope)
  }
}

/** Which apps the user has already been shown the security notice for. */
export interface SeenAppsStore {
  has(appId: string): boolean
  add(appId: string): void
}

/** A {@link SeenAppsStore} in `localStorage` when there is one, else in memory. */
export function defaultSeenApps(key = 'chainless:seen-apps'): SeenAppsStore {
  const memory = new Set<string>()
  const storage = (() => {
    try {
      return globalThis.localStorage
    } catch {
      return undefined
    }
  })()
  const read = (): string[] => {
    try {
      const value: unknown = JSON.parse(storage?.getItem(key) ?? '[]')
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
    } catch {
      return []
    }
  }
  return {
    has: (appId) => memory.has(appId) || read().includes(appId),
    add: (appId) => {
      memory.add(appId)
      try {
        storage?.setItem(key, JSON.stringify([...new Set([...read(), appId])]))
      } catch {
        // storage full or blocked: memory still remembers for this session
      }
    },
  }
}
