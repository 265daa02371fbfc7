// The host's manifest verification (runtime-host `loadManifest`) against the sandbox's real
// platform API over HTTP: a valid signature mounts, anything else is refused.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadManifest, MountError } from '@chainless/runtime-host'
import type { JWK } from 'jose'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { generatePlatformKey, type PlatformApi, publicJwk, startPlatformApi } from './api/index.js'
import { openStore, type Store } from './store/index.js'

let dir: string
let store: Store
let api: PlatformApi
let apiUrl: string
/** The platform's keys, pinned as a wallet does (fetched once here, from the sandbox under test). */
let keys: { keys: JWK[] }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-manifest-'))
  store = openStore({ dataDir: dir, appsPort: 7001 })
  api = await startPlatformApi({ store, walletOrigin: 'http://localhost:7000', port: 0, rateLimit: false })
  apiUrl = api.url
  keys = (await (await fetch(`${apiUrl}/.well-known/jwks.json`)).json()) as { keys: JWK[] }
})

afterAll(async () => {
  await api.close()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

it('returns the manifest from inside a valid signature', async () => {
  const manifest = await loadManifest({ keys, apiUrl, appId: 'hello' })
  expect(manifest).toMatchObject({
    appId: 'hello',
    origin: 'http://hello.localhost:7001',
    scopes: ['user:basic'],
  })
})

it('refuses a tampered manifest, a wrong issuer, an unknown app and an unsigned body', async () => {
  const good = await fetch(`${apiUrl}/api/v1/apps/hello`).then(
    (r) => r.json() as Promise<{ signature: string }>,
  )
  const [header, payload, signature] = good.signature.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
  claims.manifest.origin = 'http://evil.localhost:7001'
  const tampered = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
  const serve = (body: unknown): typeof fetch =>
    (async () => new Response(JSON.stringify(body), { status: 200 })) as unknown as typeof fetch
  const cases: [string, () => Promise<unknown>][] = [
    ['tampered', () => loadManifest({ keys, apiUrl, appId: 'hello', fetch: serve({ signature: tampered }) })],
    [
      'unsigned',
      () => loadManifest({ keys, apiUrl, appId: 'hello', fetch: serve({ manifest: claims.manifest }) }),
    ],
    ['other app', () => loadManifest({ keys, apiUrl, appId: 'web3-demo', fetch: serve(good) })],
    [
      'not JSON',
      () =>
        loadManifest({
          keys,
          apiUrl,
          appId: 'hello',
          fetch: (async () => new Response('<html>', { status: 200 })) as unknown as typeof fetch,
        }),
    ],
    ['null body', () => loadManifest({ keys, apiUrl, appId: 'hello', fetch: serve(null) })],
    ['unknown', () => loadManifest({ keys, apiUrl, appId: 'nope' })],
    [
      'another key',
      async () => {
        const other = await generatePlatformKey()
        return loadManifest({ keys: { keys: [publicJwk(other)] }, apiUrl, appId: 'hello' })
      },
    ],
    [
      'issuer',
      () => loadManifest({ keys, apiUrl: apiUrl.replace('127.0.0.1', 'localhost'), appId: 'hello' }),
    ],
  ]
  for (const [name, load] of cases) {
    const error = await load().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error, name).toBeInstanceOf(MountError)
    expect((error as MountError).code, name).toBe('INVALID_MANIFEST')
  }
  const down = await loadManifest({ keys, apiUrl: 'http://127.0.0.1:9', appId: 'hello' }).catch(
    (e: unknown) => e,
  )
  expect(down).toMatchObject({ name: 'MountError', code: 'MANIFEST_UNAVAILABLE' })
})
