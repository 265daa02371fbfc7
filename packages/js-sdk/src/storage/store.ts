import { InternalError, InvalidParamsError, LimitExceededError, type StorageValue } from '@chainless/protocol'
import { call } from '../call.js'
import { isInHost } from '../is-in-host.js'
import { QuotaExceededError, type StorageQuotaData } from './errors.js'
import { local } from './local.js'
import { checkKey, isJson, MAX_KEY_LENGTH } from './validate.js'

// The host's -32005 data, kept only when it has the documented shape.
const quotaData = (data: unknown): StorageQuotaData | undefined => {
  const { quotaBytes, usedBytes, neededBytes } = Object(data) as Record<string, unknown>
  return [quotaBytes, usedBytes, neededBytes].every(Number.isSafeInteger)
    ? ({ quotaBytes, usedBytes, neededBytes } as StorageQuotaData)
    : undefined
}

/** Options every storage call takes. */
export interface StorageOptions {
  /** Abort the call: it rejects with `signal.reason` (outside a host, nothing is written). */
  signal?: AbortSignal
}

/**
 * The value stored under `key`, or `undefined`. Inside a host it comes from the host's store for this
 * app; outside one from the app's own IndexedDB.
 *
 * @throws {InvalidParamsError} for a key that is not 1 to 512 characters
 * @throws {StorageUnavailableError} outside a host when the browser refuses IndexedDB
 * @example
 * ```ts
 * import * as storage from '@chainless/js-sdk/storage'
 * const theme = (await storage.get<string>('theme')) ?? 'light'
 * ```
 */
export async function get<T extends StorageValue = StorageValue>(
  key: string,
  { signal }: StorageOptions = {},
): Promise<T | undefined> {
  checkKey(key)
  if (!isInHost()) return local('readonly', (s) => s.get(key), signal)
  const reply: unknown = await call('storageGet', { key }, signal ? { signal } : {})
  if (typeof reply !== 'object' || reply === null) throw new InternalError('Malformed reply')
  return (reply as { value?: T }).value
}

/**
 * Stores `value` (JSON data: null, booleans, finite numbers, strings, arrays and plain objects) under
 * `key`, replacing what was there. All or nothing.
 *
 * @throws {QuotaExceededError} -32005 when the app's quota (5 MiB by default, set by the wallet)
 * would be passed; nothing was written
 * @throws {InvalidParamsError} for a bad key or a value that is not JSON data
 * @throws {StorageUnavailableError} outside a host when the browser refuses IndexedDB
 * @example
 * ```ts
 * await storage.set('cart', { items: [{ sku: 'tea', qty: 2 }] })
 * ```
 */
export async function set(key: string, value: StorageValue, { signal }: StorageOptions = {}): Promise<void> {
  checkKey(key)
  if (!isJson(value)) throw new InvalidParamsError('Invalid value', { expected: 'JSON data' })
  if (!isInHost()) {
    await local('readwrite', (s) => s.put(value, key), signal)
    return
  }
  try {
    await call('storageSet', { key, value }, signal ? { signal } : {})
  } catch (error) {
    if (error instanceof LimitExceededError) throw new QuotaExceededError(quotaData(error.data), error)
    throw error
  }
}

/**
 * Removes `key` (nothing happens when it is absent). Also exported as `delete`.
 *
 * @example
 * ```ts
 * await storage.remove('cart') // or: await storage.delete('cart')
 * ```
 */
export async function remove(key: string, { signal }: StorageOptions = {}): Promise<void> {
  checkKey(key)
  if (!isInHost()) {
    await local('readwrite', (s) => s.delete(key), signal)
    return
  }
  await call('storageRemove', { key }, signal ? { signal } : {})
}

/** Options of {@link keys}. */
export interface KeysOptions extends StorageOptions {
  /** Only the keys that start with it. */
  prefix?: string
}

/**
 * The app's keys, sorted (UTF-16 code units), optionally only those starting with `prefix`.
 *
 * @throws {LimitExceededError} -32005 `{ maxKeys }` inside a host when more than 10,000 keys match:
 * list them by prefix
 * @example
 * ```ts
 * const drafts = await storage.keys({ prefix: 'draft:' })
 * ```
 */
export async function keys({ prefix = '', signal }: KeysOptions = {}): Promise<string[]> {
  if (typeof prefix !== 'string' || prefix.length > MAX_KEY_LENGTH)
    throw new InvalidParamsError('Invalid prefix')
  if (!isInHost()) {
    const all = await local('readonly', (s) => s.getAllKeys(), signal)
    return all.filter((k): k is string => typeof k === 'string' && k.startsWith(prefix))
  }
  const reply: unknown = await call('storageKeys', prefix ? { prefix } : undefined, signal ? { signal } : {})
  if (!Array.isArray(reply) || !reply.every((k) => typeof k === 'string'))
    throw new InternalError('Malformed reply')
  return reply
}

/**
 * Removes every key of the app.
 *
 * @example
 * ```ts
 * await storage.clear() // on logout
 * ```
 */
export async function clear({ signal }: StorageOptions = {}): Promise<void> {
  if (!isInHost()) {
    await local('readwrite', (s) => s.clear(), signal)
    return
  }
  await call('storageClear', undefined, signal ? { signal } : {})
}
