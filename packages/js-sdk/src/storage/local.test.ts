import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, vi } from 'vitest'

afterEach(() => {
  vi.unstubAllGlobals()
})

// Outside a host (vitest's node environment has no `window`): the app's own IndexedDB.
const fresh = async () => {
  vi.resetModules()
  return import('./index.js')
}

describe('storage outside a host', () => {
  it('stores in the app’s own IndexedDB: odd keys, prefixes, delete, clear', async () => {
    const storage = await fresh()
    const keys = ['__proto__', 'constructor', 'k'.repeat(512), 'é𝄞', 'user:2', 'user:10']
    for (const key of keys) await storage.set(key, { key })
    for (const key of keys) expect(await storage.get(key)).toEqual({ key })
    expect(await storage.keys()).toEqual([...keys].sort())
    expect(await storage.keys({ prefix: 'user:' })).toEqual(['user:10', 'user:2'])
    await storage.delete('user:2')
    expect(await storage.get('user:2')).toBeUndefined()
    // A new page (module state gone) reads the same database.
    const again = await fresh()
    expect(await again.get('é𝄞')).toEqual({ key: 'é𝄞' })
    await again.clear()
    expect(await again.keys()).toEqual([])
  })

  it('an aborted write writes nothing and rejects with the reason', async () => {
    const storage = await fresh()
    const controller = new AbortController()
    const pending = storage.set('aborted', 1, { signal: controller.signal })
    controller.abort(new Error('stop'))
    await expect(pending).rejects.toThrow('stop')
    expect(await storage.get('aborted')).toBeUndefined()
  })

  it('a browser that refuses IndexedDB (SecurityError) is a StorageUnavailableError, never a silent loss', async () => {
    const refused = new DOMException('Access denied', 'SecurityError')
    vi.stubGlobal('indexedDB', {
      open() {
        throw refused
      },
    })
    const storage = await fresh()
    const error = await storage.set('k', 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(storage.StorageUnavailableError)
    expect(error).toBeInstanceOf(storage.ChainlessError)
    expect((error as Error).cause).toBe(refused)
    await expect(storage.get('k')).rejects.toBeInstanceOf(storage.StorageUnavailableError)
    vi.stubGlobal('indexedDB', undefined)
    const none = await fresh()
    await expect(none.keys()).rejects.toBeInstanceOf(none.StorageUnavailableError)
  })

  it('the browser’s own quota is a QuotaExceededError without host data', async () => {
    const storage = await fresh()
    const put = IDBObjectStore.prototype.put
    // What a browser does at its quota: the transaction aborts with a QuotaExceededError.
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      const request = put.apply(this, args)
      Object.defineProperty(this.transaction, 'error', {
        get: () => new DOMException('Full', 'QuotaExceededError'),
        set: () => {},
        configurable: true,
      })
      this.transaction.abort()
      return request
    })
    const error = await storage.set('k', 1).catch((e: unknown) => e)
    vi.restoreAllMocks()
    expect(error).toBeInstanceOf(storage.QuotaExceededError)
    expect((error as InstanceType<typeof storage.QuotaExceededError>).data).toBeUndefined()
    expect(await storage.get('k')).toBeUndefined()
  })
})
