import type { Manifest, Scope } from '@chainless/protocol'

/** One app's grants for one account, as {@link GrantStore.entries} lists them. */
export interface GrantEntry {
  appId: string
  /** The checksummed account the grants are for; `''` for a host without a wallet. */
  account: string
  scopes: readonly Scope[]
}

/**
 * Where the host keeps what the user granted each app, per account: connect is consent, so an app
 * connected for one account knows nothing of another (grants for account A do not count while B is
 * current). `account` is the checksummed address, or `''` when the host has no wallet. The wallet
 * plugs in its own persistent store; the default keeps grants in memory.
 */
export interface GrantStore {
  /** Scopes the user granted `appId` for `account`. */
  list(appId: string, account: string): readonly Scope[]
  /** Adds scopes to `appId`'s grants for `account`. */
  grant(appId: string, account: string, scopes: readonly Scope[]): void
  /** Removes scopes from `appId`'s grants for `account`. */
  revoke(appId: string, account: string, scopes: readonly Scope[]): void
  /** Every app and account holding at least one scope (the wallet's "connected apps" list). */
  entries(): readonly GrantEntry[]
}

/**
 * An in-memory {@link GrantStore}.
 * @example
 * ```ts
 * const grants = new MemoryGrantStore()
 * grants.grant('hello', '0xAbC…', ['user:basic'])
 * grants.list('hello', '0xAbC…') // ['user:basic']
 * ```
 */
export class MemoryGrantStore implements GrantStore {
  // appId → account → scopes. Nested maps: no key joining, so no separator an appId could forge.
  readonly #grants = new Map<string, Map<string, Set<Scope>>>()
  list(appId: string, account: string): readonly Scope[] {
    return [...(this.#grants.get(appId)?.get(account) ?? [])]
  }
  grant(appId: string, account: string, scopes: readonly Scope[]): void {
    const accounts = this.#grants.get(appId) ?? new Map<string, Set<Scope>>()
    const set = accounts.get(account) ?? new Set<Scope>()
    for (const scope of scopes) set.add(scope)
    accounts.set(account, set)
    this.#grants.set(appId, accounts)
  }
  revoke(appId: string, account: string, scopes: readonly Scope[]): void {
    const accounts = this.#grants.get(appId)
    const set = accounts?.get(account)
    if (!accounts || !set) return
    for (const scope of scopes) set.delete(scope)
    if (set.size === 0) accounts.delete(account)
    if (accounts.size === 0) this.#grants.delete(appId)
  }
  entries(): readonly GrantEntry[] {
    const out: GrantEntry[] = []
    for (const [appId, accounts] of this.#grants) {
      for (const [account, scopes] of accounts) {
        if (scopes.size > 0) out.push({ appId, account, scopes: [...scopes] })
      }
    }
    return out
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
