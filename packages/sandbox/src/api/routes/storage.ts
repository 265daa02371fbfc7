import {
  deleteStorageEntry,
  getStorageEntry,
  isValidStorageKey,
  listStorageKeys,
  MAX_VALUE_BYTES,
  putStorageEntry,
  StorageLimitError,
  type StorageScope,
} from '../../store/cloud-storage.js'
import type { Store } from '../../store/index.js'
import type { Handlers, RequestContext } from '../context.js'
import { ApiProblem } from '../problem.js'

/** Body limit of the storage writes: a 64 KiB value and its envelope (a larger value is still a clean 413). */
export const STORAGE_BODY_LIMIT = 2 * MAX_VALUE_BYTES

const scopeOf = (ctx: RequestContext): StorageScope =>
  ctx.params.userId === undefined ? { kind: 'app' } : { kind: 'user', userId: ctx.params.userId }

const keyOf = (ctx: RequestContext): string => {
  const key = ctx.params.key!
  if (!isValidStorageKey(key))
    throw new ApiProblem(400, 'invalid_key', 'Keys are 1..256 characters (percent-encoded in the path)')
  return key
}

/**
 * Cloud key-value storage of an app (HMAC), app-wide (`/api/v1/storage/{key}`) and per user
 * (`/api/v1/users/{userId}/storage/{key}`): get, put (all or nothing: 413 `payload_too_large` over 64 KiB,
 * 413 `quota_exceeded` over the app's 10 MiB), delete (204 also when absent), and key listing by prefix.
 *
 * @example
 * ```ts
 * const handlers = { ...storageRoutes({ store }) }
 * ```
 */
export function storageRoutes(deps: { store: Store }): Handlers {
  const { store } = deps
  const get = (ctx: RequestContext) => {
    const entry = getStorageEntry(store, ctx.appId!, scopeOf(ctx), keyOf(ctx))
    if (!entry) throw new ApiProblem(404, 'not_found', 'No value at this key')
    return { status: 200, body: entry }
  }
  const put = (ctx: RequestContext) => {
    const key = keyOf(ctx)
    try {
      return {
        status: 200,
        body: putStorageEntry(store, ctx.appId!, scopeOf(ctx), key, (ctx.body as { value: unknown }).value),
      }
    } catch (e) {
      if (e instanceof StorageLimitError)
        throw new ApiProblem(
          413,
          e.reason === 'value_too_large' ? 'payload_too_large' : 'quota_exceeded',
          e.shortMessage,
        )
      throw e
    }
  }
  const remove = (ctx: RequestContext) => {
    deleteStorageEntry(store, ctx.appId!, scopeOf(ctx), keyOf(ctx))
    return { status: 204 }
  }
  const list = (ctx: RequestContext) => ({
    status: 200,
    body: { keys: listStorageKeys(store, ctx.appId!, scopeOf(ctx), ctx.query.get('prefix') ?? '') },
  })
  return {
    getStorageValue: get,
    putStorageValue: put,
    deleteStorageValue: remove,
    listStorageKeys: list,
    getUserStorageValue: get,
    putUserStorageValue: put,
    deleteUserStorageValue: remove,
    listUserStorageKeys: list,
  }
}
