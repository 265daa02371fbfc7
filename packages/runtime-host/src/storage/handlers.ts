import { InvalidParamsError, type MethodName } from '@chainless/protocol'
import { storageSchemas } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import type { MethodHandler } from '../app-handle.js'
import type { AppStorage } from './app-storage.js'

type StorageMethod = keyof typeof storageSchemas

/**
 * Params checked again here, though the guard already did: the handlers stay total for any caller
 * (a wallet calling them directly, a test), and nothing is written from unchecked input.
 */
function parse<M extends StorageMethod>(
  method: M,
  params: unknown,
): v.InferOutput<(typeof storageSchemas)[M]['params']> {
  const result = v.safeParse(storageSchemas[method].params, params)
  if (!result.success) {
    throw new InvalidParamsError('Invalid params', {
      issues: result.issues.slice(0, 10).map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`),
    })
  }
  return result.output
}

/**
 * @internal The handlers of the storage methods, each serving the calling app's own namespace (its
 * `appId`, from the verified manifest: never from params).
 */
export function storageHandlers(storage: AppStorage): ReadonlyMap<MethodName, MethodHandler> {
  return new Map<MethodName, MethodHandler>([
    [
      'storageGet',
      async (params, { app }) => {
        const value = await storage.get(app.manifest.appId, parse('storageGet', params).key)
        return value === undefined ? {} : { value }
      },
    ],
    [
      'storageSet',
      async (params, { app }) => {
        const { key, value } = parse('storageSet', params)
        await storage.set(app.manifest.appId, key, value)
        return null
      },
    ],
    [
      'storageRemove',
      async (params, { app }) => {
        await storage.remove(app.manifest.appId, parse('storageRemove', params).key)
        return null
      },
    ],
    [
      'storageKeys',
      (params, { app }) => storage.keys(app.manifest.appId, parse('storageKeys', params)?.prefix ?? ''),
    ],
    [
      'storageClear',
      async (params, { app }) => {
        parse('storageClear', params)
        await storage.clear(app.manifest.appId)
        return null
      },
    ],
  ])
}
