/**
 * Cloud-storage keys are untrusted text decoded from a path segment: any string of 1..256 code points
 * (the client encodes it with encodeURIComponent) must round-trip through PUT, GET and the key listing,
 * and anything longer is a 400 `invalid_key` that writes nothing. `FUZZ_SEED=<n>` replays a failure.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fc, test } from '@fast-check/vitest'
import { afterAll, beforeAll, describe, expect } from 'vitest'
import { createApp, openStore, type Store } from '../store/index.js'
import { type PlatformApi, startPlatformApi } from './server.js'
import { type AppCredentials, effects, signedCall } from './services.testutil.js'

const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)
let dir: string
let store: Store
let api: PlatformApi
let app: AppCredentials

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-storage-fuzz-'))
  store = openStore({ dataDir: dir, seed: false })
  app = createApp(store, { appId: 'fuzz', name: 'Fuzz', origin: 'http://fuzz.localhost:7301', scopes: [] })
  api = await startPlatformApi({
    store,
    port: 0,
    walletOrigin: 'http://wallet.localhost:7300',
    rateLimit: false,
  })
})
afterAll(async () => {
  await api.close()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

// `.` and `..` are dot segments: URLs resolve them before any server sees them
const keyArb = fc
  .string({ unit: 'grapheme-composite', minLength: 1, maxLength: 300 })
  .filter((k) => k !== '.' && k !== '..')

describe('storage keys (fuzz)', () => {
  test.prop([keyArb, fc.jsonValue({ maxDepth: 3 })], {
    numRuns: 60,
    ...(SEED === undefined ? {} : { seed: SEED }),
  })(
    'any key round-trips, or is refused 400 invalid_key with nothing written',
    async (key, value) => {
      const path = `/api/v1/storage/${encodeURIComponent(key)}`
      const before = (await effects(api.url, 'fuzz')).storageWrites
      const put = await signedCall(api.url, app, 'PUT', path, { body: { value } })
      if ([...key].length > 256) {
        expect(put.status, put.text).toBe(400)
        expect((put.json as { code: string }).code).toBe('invalid_key')
        expect((await effects(api.url, 'fuzz')).storageWrites).toBe(before)
        return
      }
      expect(put.status, `${JSON.stringify(key)}: ${put.text}`).toBe(200)
      const got = await signedCall(api.url, app, 'GET', path)
      expect(got.json).toMatchObject({ key, value: JSON.parse(JSON.stringify(value)) })
      const list = await signedCall(api.url, app, 'GET', `/api/v1/storage?prefix=${encodeURIComponent(key)}`)
      expect((list.json as { keys: string[] }).keys).toContain(key)
    },
    10_000,
  )
})
