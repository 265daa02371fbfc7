import { PlatformError, PlatformInputError } from '../errors.js'
import type { PlatformClient } from '../platform/client.js'
import { type CallOptions, forward } from './call-options.js'
import { segment } from './path.js'

/** A JSON value: what cloud storage holds. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** A stored entry. */
export interface StorageEntry<T extends JsonValue = JsonValue> {
  key: string
  value: T
  /** ISO 8601. */
  updatedAt: string
}

/** One cloud key-value space: app-wide, or one user's of the app. */
export interface KeyValueStore {
  /** The value under `key`, or `undefined` when there is none (a stored `null` is `null`). */
  get<T extends JsonValue = JsonValue>(
    key: string,
    options?: Pick<CallOptions, 'signal'>,
  ): Promise<T | undefined>
  /** The entry under `key` with its `updatedAt`, or `undefined`. */
  getEntry<T extends JsonValue = JsonValue>(
    key: string,
    options?: Pick<CallOptions, 'signal'>,
  ): Promise<StorageEntry<T> | undefined>
  /**
   * Stores `value` (JSON, ≤ 64 KiB serialized) under `key` (1..256 characters, any). 413
   * `payload_too_large` / `quota_exceeded` as a {@link PlatformError}; nothing is written then.
   */
  set(key: string, value: JsonValue, options?: CallOptions): Promise<{ key: string; updatedAt: string }>
  /** Removes `key` (no error when absent). */
  delete(key: string, options?: CallOptions): Promise<void>
  /** Keys, sorted, optionally those starting with `prefix`. */
  keys(options?: { prefix?: string | undefined } & Pick<CallOptions, 'signal'>): Promise<string[]>
}

/** `client.storage`: `app` (app-wide) and `user(userId)` (per user of the app). */
export interface StorageService {
  readonly app: KeyValueStore
  /** The space of one user of the app (`userId`: the `sub` of its access tokens). */
  user(userId: string): KeyValueStore
}

function keyValueStore(client: PlatformClient, root: string): KeyValueStore {
  const entry = async <T extends JsonValue>(key: string, options?: Pick<CallOptions, 'signal'>) => {
    const path = `${root}/storage/${segment('key', key)}`
    try {
      return await client.request<StorageEntry<T>>('GET', path, forward(options))
    } catch (e) {
      if (e instanceof PlatformError && e.status === 404 && e.code === 'not_found') return undefined
      throw e
    }
  }
  return {
    getEntry: entry,
    get: async <T extends JsonValue>(key: string, options?: Pick<CallOptions, 'signal'>) =>
      (await entry<T>(key, options))?.value,
    set: async (key, value, options) => {
      const path = `${root}/storage/${segment('key', key)}`
      if (value === undefined) throw new PlatformInputError('value', 'undefined is not JSON; delete the key')
      return client.request<{ key: string; updatedAt: string }>('PUT', path, {
        ...forward(options),
        body: { value },
      })
    },
    delete: async (key, options) => {
      await client.request<undefined>('DELETE', `${root}/storage/${segment('key', key)}`, forward(options))
    },
    keys: async (options) => {
      const answer = await client.request<{ keys: string[] }>('GET', `${root}/storage`, {
        ...forward(options),
        query: { prefix: options?.prefix },
      })
      return answer.keys
    },
  }
}

/**
 * Builds `client.storage` on `client`. Keys are percent-encoded (`encodeURIComponent`), so any
 * characters work, except the keys `.` and `..` that no URL can carry (refused before sending).
 *
 * @example
 * ```ts
 * const storage = storageService(client)
 * await storage.app.set('feature/flags', { beta: true })
 * await storage.user('0xf39f…').set('cart', [{ sku: 'beans', qty: 2 }])
 * ```
 */
export function storageService(client: PlatformClient): StorageService {
  return {
    app: keyValueStore(client, '/api/v1'),
    user: (userId) => keyValueStore(client, `/api/v1/users/${segment('userId', userId)}`),
  }
}
