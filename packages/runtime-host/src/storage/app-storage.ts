import { LimitExceededError, type StorageValue } from '@chainless/protocol'
import { MAX_STORAGE_KEYS } from '@chainless/protocol/schemas'
import type { StorageBackend } from './backend.js'

/** Default per-app quota: 5 MiB. */
export const DEFAULT_STORAGE_QUOTA_BYTES = 5 * 1024 * 1024

/** What -32005 carries when a write would exceed the app's quota. */
export interface StorageQuotaData {
  quotaBytes: number
  /** Bytes the app uses now. */
  usedBytes: number
  /** Bytes the app would use after the write. */
  neededBytes: number
}

/** One app's data, as {@link HostStorage.list} shows it to the wallet. */
export interface StorageListing {
  /** Every key and value, sorted by key (UTF-16 code units). */
  entries: Array<{ key: string; value: StorageValue }>
  usedBytes: number
  quotaBytes: number
}

/**
 * The wallet's view of the apps' storage (`host.storage`): list an app's data, remove a key, clear
 * an app (do it when the user removes the app).
 *
 * @example
 * ```ts
 * const { entries, usedBytes, quotaBytes } = await host.storage!.list('shop')
 * await host.storage!.clear('shop') // the user removed the app
 * ```
 */
export interface HostStorage {
  /** Everything `appId` stored, with its usage and quota. */
  list(appId: string): Promise<StorageListing>
  /** Removes `key` of `appId` (nothing happens when absent). */
  remove(appId: string, key: string): Promise<void>
  /** Removes every key of `appId`. */
  clear(appId: string): Promise<void>
}

const encoder = new TextEncoder()
/** UTF-8 bytes of `text` (a lone surrogate counts as U+FFFD, 3 bytes, as it would be encoded). */
export const utf8Bytes = (text: string): number => encoder.encode(text).length

/** Bytes an entry counts for: UTF-8 of its key plus UTF-8 of its value's JSON. */
export const entryBytes = (key: string, json: string): number => utf8Bytes(key) + utf8Bytes(json)

/**
 * @internal The host's storage: per-app quota and one write queue per app over a
 * {@link StorageBackend}. Every operation of one app runs in order, after the previous one settled,
 * so two concurrent sets cannot both pass the quota check. Usage is counted once per app (a scan)
 * and then kept up to date by the writes, which all pass here: one host per backend.
 */
export class AppStorage implements HostStorage {
  readonly #backend: StorageBackend
  readonly #quotaBytes: number
  readonly #queues = new Map<string, Promise<unknown>>()
  readonly #used = new Map<string, number>()

  constructor(backend: StorageBackend, quotaBytes = DEFAULT_STORAGE_QUOTA_BYTES) {
    this.#backend = backend
    this.#quotaBytes = quotaBytes
  }

  /** The quota of every app, in bytes. */
  get quotaBytes(): number {
    return this.#quotaBytes
  }

  /** Runs `task` after every earlier operation of `appId` settled. */
  #serial<T>(appId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(appId) ?? Promise.resolve()
    const run = previous.then(task, task)
    const tail = run.catch(() => {})
    this.#queues.set(appId, tail)
    // The map forgets an idle app, so it does not grow with every appId ever seen.
    void tail.then(() => {
      if (this.#queues.get(appId) === tail) this.#queues.delete(appId)
    })
    return run
  }

  async #usedBytes(appId: string): Promise<number> {
    const known = this.#used.get(appId)
    if (known !== undefined) return known
    let used = 0
    for (const [key, json] of await this.#backend.entries(appId)) used += entryBytes(key, json)
    this.#used.set(appId, used)
    return used
  }

  /** The value under `key`, or `undefined`. */
  get(appId: string, key: string): Promise<StorageValue | undefined> {
    return this.#serial(appId, async () => {
      const json = await this.#backend.get(appId, key)
      return json === undefined ? undefined : (JSON.parse(json) as StorageValue)
    })
  }

  /**
   * Stores `value` (JSON data, checked by the caller) under `key`.
   * @throws {LimitExceededError} -32005 with {@link StorageQuotaData} when over quota; nothing written.
   */
  set(appId: string, key: string, value: StorageValue): Promise<void> {
    const json = JSON.stringify(value)
    return this.#serial(appId, async () => {
      const used = await this.#usedBytes(appId)
      const old = await this.#backend.get(appId, key)
      const needed = used - (old === undefined ? 0 : entryBytes(key, old)) + entryBytes(key, json)
      // A write that shrinks the app is always allowed, even above a lowered quota.
      if (needed > this.#quotaBytes && needed > used) {
        const data: StorageQuotaData = { quotaBytes: this.#quotaBytes, usedBytes: used, neededBytes: needed }
        throw new LimitExceededError('Storage quota exceeded', data)
      }
      try {
        await this.#backend.set(appId, key, json)
        this.#used.set(appId, needed)
      } catch (error) {
        // The backend may or may not have written: count again on next use.
        this.#used.delete(appId)
        throw error
      }
    })
  }

  /** Removes `key`; nothing happens when it is absent. */
  remove(appId: string, key: string): Promise<void> {
    return this.#serial(appId, async () => {
      try {
        const used = await this.#usedBytes(appId)
        const old = await this.#backend.get(appId, key)
        if (old === undefined) return
        await this.#backend.delete(appId, key)
        this.#used.set(appId, used - entryBytes(key, old))
      } catch (error) {
        this.#used.delete(appId)
        throw error
      }
    })
  }

  /**
   * The keys starting with `prefix`, sorted by UTF-16 code units.
   * @throws {LimitExceededError} -32005 `{ maxKeys }` when more than `MAX_STORAGE_KEYS` match: list by prefix.
   */
  keys(appId: string, prefix = ''): Promise<string[]> {
    return this.#serial(appId, async () => {
      const keys = await this.#backend.keys(appId, prefix)
      if (keys.length > MAX_STORAGE_KEYS) {
        // Refused rather than cut: a silently partial list would look like missing data.
        throw new LimitExceededError('Too many keys: list them by prefix', {
          maxKeys: MAX_STORAGE_KEYS,
          count: keys.length,
        })
      }
      // Default sort: UTF-16 code units, IndexedDB's order too.
      return keys.filter((key) => key.startsWith(prefix)).sort()
    })
  }

  /** Removes every key of `appId`. */
  clear(appId: string): Promise<void> {
    return this.#serial(appId, async () => {
      try {
        await this.#backend.clear(appId)
        this.#used.set(appId, 0)
      } catch (error) {
        this.#used.delete(appId)
        throw error
      }
    })
  }

  async list(appId: string): Promise<StorageListing> {
    return this.#serial(appId, async () => {
      const rows = await this.#backend.entries(appId)
      let used = 0
      const entries: StorageListing['entries'] = []
      for (const [key, json] of rows) {
        used += entryBytes(key, json)
        entries.push({ key, value: JSON.parse(json) as StorageValue })
      }
      entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      this.#used.set(appId, used)
      return { entries, usedBytes: used, quotaBytes: this.#quotaBytes }
    })
  }
}
