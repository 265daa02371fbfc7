import type { StorageBackend } from './backend.js'

/**
 * A {@link StorageBackend} in memory: for tests and hosts without IndexedDB. Gone with the page.
 *
 * @example
 * ```ts
 * const host = createRuntimeHost({ storage: { store: new MemoryStorageBackend() } })
 * ```
 */
export class MemoryStorageBackend implements StorageBackend {
  // Maps, never plain objects: a key named `__proto__` or `constructor` is only data.
  readonly #apps = new Map<string, Map<string, string>>()

  async get(appId: string, key: string): Promise<string | undefined> {
    return this.#apps.get(appId)?.get(key)
  }

  async set(appId: string, key: string, json: string): Promise<void> {
    let app = this.#apps.get(appId)
    if (!app) {
      app = new Map()
      this.#apps.set(appId, app)
    }
    app.set(key, json)
  }

  async delete(appId: string, key: string): Promise<void> {
    const app = this.#apps.get(appId)
    app?.delete(key)
    if (app?.size === 0) this.#apps.delete(appId)
  }

  async keys(appId: string, prefix: string): Promise<string[]> {
    return [...(this.#apps.get(appId)?.keys() ?? [])].filter((key) => key.startsWith(prefix))
  }

  async entries(appId: string): Promise<Array<readonly [string, string]>> {
    return [...(this.#apps.get(appId)?.entries() ?? [])]
  }

  async clear(appId: string): Promise<void> {
    this.#apps.delete(appId)
  }
}
