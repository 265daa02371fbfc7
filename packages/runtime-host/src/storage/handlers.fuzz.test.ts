import { BridgeError, type MethodName } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import type { AppHandle } from '../app-handle.js'
import { fuzzParameters, HOSTILE_KEYS, hostileString, hostileValue } from '../hostile.fuzz.js'
import { AppStorage, entryBytes } from './app-storage.js'
import { storageHandlers } from './handlers.js'
import { MemoryStorageBackend } from './memory-backend.js'

const METHODS = ['storageGet', 'storageSet', 'storageRemove', 'storageKeys', 'storageClear'] as const
const key = fc.oneof(fc.constantFrom(...HOSTILE_KEYS, '', 'k'.repeat(512), 'k'.repeat(513)), hostileString)
const params = fc.oneof(
  fc.record({ key, value: fc.oneof(hostileValue, fc.jsonValue({ maxDepth: 3 })) }, { requiredKeys: [] }),
  fc.record({ prefix: fc.oneof(hostileString, hostileValue) }, { requiredKeys: [] }),
  hostileValue,
)
const call = fc.record({ method: fc.constantFrom(...METHODS), params, app: fc.constantFrom('a', 'b') })
const QUOTA = 2048

describe('storage handlers under hostile params', () => {
  test.prop([fc.array(call, { maxLength: 12 })], { ...fuzzParameters(150), timeout: 5000 })(
    'answer JSON or a typed BridgeError, never pass the quota, never mix apps',
    async (calls) => {
      const backend = new MemoryStorageBackend()
      const handlers = storageHandlers(new AppStorage(backend, QUOTA))
      for (const { method, params, app } of calls) {
        const handler = handlers.get(method as MethodName)!
        const context = {
          app: { manifest: { appId: app } } as AppHandle,
          signal: new AbortController().signal,
          method,
        }
        let outcome: unknown
        try {
          outcome = await handler(params, context as never)
        } catch (error) {
          expect(error).toBeInstanceOf(BridgeError)
          expect([-32602, -32005]).toContain((error as BridgeError).code)
          continue
        }
        // What goes back is plain JSON: it survives a JSON round trip unchanged.
        expect(JSON.parse(JSON.stringify(outcome))).toEqual(outcome)
        if (method === 'storageKeys') expect(outcome).toEqual([...(outcome as string[])].sort())
      }
      for (const app of ['a', 'b']) {
        let used = 0
        for (const [k, json] of await backend.entries(app)) {
          expect(k.length).toBeGreaterThan(0)
          expect(k.length).toBeLessThanOrEqual(512)
          used += entryBytes(k, json)
        }
        expect(used).toBeLessThanOrEqual(QUOTA)
      }
    },
  )
})
