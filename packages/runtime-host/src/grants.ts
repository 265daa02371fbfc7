import type { Manifest, Scope } from '@chainless/protocol'

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

/**
 * What the user was shown in each app's security notice: a fingerprint of the manifest's
 * security-relevant parts ({@link noticeFingerprint}). The host shows the notice again when the
 * fingerprint changes (another origin, rating, declared scopes or browser permissions).
 */
export interface SeenAppsStore {
  /** The fingerprint recorded for `appId`, or `undefined` when its notice was never accepted. */
  get(appId: string): string | undefined
  /** Records that the user accepted the notice of `appId` as described by `fingerprint`. */
  set(appId: string, fingerprint: string): void
}

/**
 * The parts of a manifest the security notice vouches for, as one string: origin, security rating,
 * declared scopes and browser permissions (sorted, so order does not matter).
 */
export function noticeFingerprint(manifest: Manifest): string {
  return JSON.stringify([
    'v1',
    manifest.origin,
    manifest.securityRating ?? 'unrated',
    [...manifest.scopes].sort(),
    [...(manifest.permissions ?? [])].sort(),
  ])
}

/**
 * A {@link SeenAppsStore} in `localStorage` when there is one, else in memory. The stored value is a
 * JSON object `{ [appId]: fingerprint }`; the former format (a JSON array of appIds, without
 * fingerprints) is read as "seen, contents unknown", so those apps show their notice once more.
 */
export function defaultSeenApps(key = 'chainless:seen-apps'): SeenAppsStore {
  const memory = new Map<string, string>()
  const storage = (() => {
    try {
      return globalThis.localStorage
    } catch {
      return undefined
    }
  })()
  const read = (): Map<string, string> => {
    const seen = new Map<string, string>()
    try {
      const value: unknown = JSON.parse(storage?.getItem(key) ?? '{}')
      if (Array.isArray(value)) {
        // Former format: appIds only. An empty fingerprint never matches, so the notice shows again.
        for (const appId of value) if (typeof appId === 'string') seen.set(appId, '')
      } else if (typeof value === 'object' && value !== null) {
        for (const [appId, fingerprint] of Object.entries(value)) {
          if (typeof fingerprint === 'string') seen.set(appId, fingerprint)
        }
      }
    } catch {
      // unreadable: nothing seen
    }
    return seen
  }
  return {
    get: (appId) => memory.get(appId) ?? read().get(appId),
    set: (appId, fingerprint) => {
      memory.set(appId, fingerprint)
      try {
        const all = read()
        all.set(appId, fingerprint)
        storage?.setItem(key, JSON.stringify(Object.fromEntries(all)))
      } catch {
        // storage full or blocked: memory still remembers for this session
      }
    },
  }
}
