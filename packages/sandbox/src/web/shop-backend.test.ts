import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
// The example's back end, from its source: the sandbox runs its bundle (public/servers/web2-shop.js).
import { createShopBackend } from '../../../../examples/web2-shop/server/index.js'
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

describe('web2-shop back end (examples/web2-shop/server): hostile input never reaches the platform', () => {
  const issuer = 'http://localhost:8787'
  const shopOrigin = 'http://web2-shop.localhost:8090'
  let calls: string[]
  let server: Server
  let url: string

  beforeEach(async () => {
    calls = []
    // A platform stand-in: discovery metadata, and a token endpoint that refuses every code.
    const platform = async (input: string | URL | Request) => {
      const href = String(input instanceof Request ? input.url : input)
      calls.push(href)
      if (href.endsWith('/.well-known/oauth-authorization-server')) {
        return Response.json({
          issuer,
          authorization_endpoint: `${issuer}/oauth/wallet/authorize`,
          token_endpoint: `${issuer}/oauth/token`,
          introspection_endpoint: `${issuer}/oauth/introspect`,
          revocation_endpoint: `${issuer}/oauth/revoke`,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
        })
      }
      return Response.json({ error: 'invalid_grant', error_description: 'code used' }, { status: 400 })
    }
    server = createServer(
      createShopBackend({
        issuer,
        clientId: 'web2-shop',
        clientSecret: 'ck_test',
        redirectUri: `${shopOrigin}/`,
        fetch: platform as typeof fetch,
      }),
    )
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterEach(() => new Promise<void>((done) => server.close(() => done())))

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: shopOrigin, ...headers },
      body,
    })
  const good = { code: 'c'.repeat(43), codeVerifier: 'v'.repeat(43) }

  it.each([
    ['malformed JSON', '{', 400],
    ['an array', '[]', 400],
    ['no verifier', JSON.stringify({ code: good.code }), 400],
    ['a short verifier (RFC 7636: 43+)', JSON.stringify({ ...good, codeVerifier: 'v'.repeat(42) }), 400],
    [
      'a verifier with reserved characters',
      JSON.stringify({ ...good, codeVerifier: `${'v'.repeat(42)}/` }),
      400,
    ],
    ['a code of 513 characters', JSON.stringify({ ...good, code: 'c'.repeat(513) }), 400],
    ['an oversized body', JSON.stringify({ ...good, pad: 'x'.repeat(20_000) }), 413],
  ])('%s → %i, nothing sent to the platform', async (_, body, status) => {
    const response = await post(body)
    expect(response.status).toBe(status)
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request')
    expect(calls).toEqual([])
  })

  it('passes the platform’s OAuth error through (invalid_grant, 400)', async () => {
    const response = await post(JSON.stringify(good))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' })
    expect(calls.some((c) => c.endsWith('/oauth/token'))).toBe(true)
  })

  it('grants CORS to the shop’s own origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${url}/api/login`, { method: 'OPTIONS', headers: { origin } })
    const own = await preflight(shopOrigin)
    expect(own.status).toBe(204)
    expect(own.headers.get('access-control-allow-origin')).toBe(shopOrigin)
    const other = await preflight('http://evil.localhost:8090')
    expect(other.status).toBe(403)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const answer = await post('{', { origin: 'http://evil.localhost:8090' })
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
  })
})
