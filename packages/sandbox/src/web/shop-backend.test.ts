import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openStore, type Store, validAppSecrets } from '../store/index.js'
import { startAppsServer } from './servers.js'
import { shopBackendModule, startShopBackend } from './shop-backend.js'

let root: string
let store: Store

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'chainless-shop-'))
  store = openStore({ dataDir: join(root, 'data'), appsPort: 8090 })
})
afterEach(() => {
  store.close()
  rmSync(root, { recursive: true, force: true })
})

const options = () => ({
  publicDir: join(root, 'public'),
  store,
  issuer: 'http://localhost:8787',
  redirectUri: 'http://web2-shop.localhost:8090/',
  port: 0,
  host: '127.0.0.1',
})

it('is not started when the back end is not built into publicDir', async () => {
  expect(await startShopBackend(options())).toBeUndefined()
})

it('hands the seeded app key to the back end in process, and serves what it answers', async () => {
  const file = shopBackendModule(join(root, 'public'))
  mkdirSync(join(root, 'public', 'servers'), { recursive: true })
  // A stand-in back end that answers the options it was created with.
  writeFileSync(
    file,
    'export function createShopBackend(o) { return (req, res) => res.end(JSON.stringify(o)) }\n',
  )
  const shop = await startShopBackend(options())
  expect(shop).toBeDefined()
  try {
    const got = (await (await fetch(shop!.url)).json()) as Record<string, string>
    expect(got).toEqual({
      issuer: 'http://localhost:8787',
      clientId: 'web2-shop',
      clientSecret: validAppSecrets(store, 'web2-shop')[0],
      redirectUri: 'http://web2-shop.localhost:8090/',
    })
    expect(got.clientSecret).toMatch(/^ck_/)
  } finally {
    await shop!.close()
  }
})

it('the apps server answers an app’s /config.json from its getter, on its origin only', async () => {
  const dir = join(root, 'site')
  mkdirSync(dir)
  writeFileSync(join(dir, 'index.html'), 'shop')
  let config = { backendUrl: 'http://localhost:1' }
  const apps = await startAppsServer({
    apps: new Map([
      ['web2-shop', dir],
      ['hello', dir],
    ]),
    port: 0,
    host: '127.0.0.1',
    configs: new Map([['web2-shop', () => config]]),
  })
  try {
    // fetch may not set Host: a raw request does.
    const get = (appId: string) =>
      new Promise<{ status: number; body: string }>((done, fail) => {
        request(
          {
            host: '127.0.0.1',
            port: apps.port,
            path: '/config.json',
            headers: { host: `${appId}.localhost` },
          },
          (res) => {
            let body = ''
            res.on('data', (c) => {
              body += c
            })
            res.on('end', () => done({ status: res.statusCode ?? 0, body }))
          },
        )
          .on('error', fail)
          .end()
      })
    config = { backendUrl: 'http://localhost:2' }
    expect(JSON.parse((await get('web2-shop')).body)).toEqual({ backendUrl: 'http://localhost:2' })
    expect((await get('hello')).status).toBe(404)
  } finally {
    await apps.close()
  }
})
