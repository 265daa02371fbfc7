// startSandbox as `npm start` runs it, on free ports: the forwarder for the wallet, the seeded web3 apps
// and the sponsored twin on its own origin.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  CHAINLESS_DEV_CHAIN_ID,
  FORWARDER_ADDRESS,
  FORWARDER_NAME,
  FORWARDER_VERSION,
} from './chain/index.js'
import { DataDirInUseError } from './data-lock.js'
import { type Sandbox, startSandbox } from './start.js'
import { getBroadcast, openStore, recordBroadcast } from './store/index.js'

const FORGOTTEN = `0x${'ab'.repeat(32)}`

let dir: string
let sandbox: Sandbox

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-start-'))
  // a stand-in for the built public/ folder (not in git), one page per site
  const publicDir = join(dir, 'public')
  for (const site of ['wallet', 'apps/hello', 'apps/web3-demo']) {
    mkdirSync(join(publicDir, site), { recursive: true })
    writeFileSync(join(publicDir, site, 'index.html'), `<!doctype html><title>${site}</title>`)
  }
  // a store that outlived its chain: one transaction still pending from an earlier run
  const old = openStore({ dataDir: join(dir, 'data') })
  recordBroadcast(old, { hash: FORGOTTEN, raw: '0x02', chainId: CHAINLESS_DEV_CHAIN_ID, appId: 'hello' })
  old.close()
  sandbox = await startSandbox({
    ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
    dataDir: join(dir, 'data'),
    publicDir,
    signerPort: 0,
  })
}, 60_000)
afterAll(async () => {
  await sandbox?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** GET on the apps server with the app's Host (Node's fetch does not let a test set Host). */
function getApp(appId: string, path = '/'): Promise<{ status: number; body: string }> {
  const origin = new URL(sandbox.appOrigin(appId))
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: origin.port, path, headers: { host: origin.host } },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => {
          body += c
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

it('gives the wallet the forwarder: sandbox.forwarder and config.json `forwarder`', async () => {
  const forwarder = { address: FORWARDER_ADDRESS, name: FORWARDER_NAME, version: FORWARDER_VERSION }
  expect(sandbox.forwarder).toEqual(forwarder)
  const config = (await (await fetch(`${sandbox.urls.wallet}/config.json`)).json()) as { forwarder: unknown }
  expect(config.forwarder).toEqual(forwarder)
})

it('lists web3-demo and its sponsored twin; the twin serves web3-demo’s files on its own origin', async () => {
  const manifest = async (appId: string) =>
    (
      (await (await fetch(`${sandbox.urls.api}/api/v1/apps/${appId}`)).json()) as {
        manifest: { origin: string; sponsored: boolean; contracts: unknown[] }
      }
    ).manifest
  const demo = await manifest('web3-demo')
  const twin = await manifest('web3-sponsored')
  expect([demo.sponsored, twin.sponsored]).toEqual([false, true])
  expect(twin.origin).toBe(sandbox.appOrigin('web3-sponsored'))
  expect(twin.contracts).toEqual(demo.contracts)
  const demoPage = await getApp('web3-demo')
  const twinPage = await getApp('web3-sponsored')
  expect(demoPage.status).toBe(200)
  expect(demoPage.body).toContain('apps/web3-demo')
  expect(twinPage).toEqual(demoPage)
})

it('runs the remote signing service for the wallet origin only (signerPort)', async () => {
  const signer = sandbox.urls.signer
  expect(signer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  const ok = await fetch(`${signer}/addresses`, { headers: { origin: sandbox.urls.wallet } })
  expect(ok.status).toBe(200)
  const { addresses } = (await ok.json()) as { addresses: string[] }
  expect(addresses).toHaveLength(10)
  expect(addresses[0]).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
  const foreign = await fetch(`${signer}/addresses`, { headers: { origin: 'http://evil.localhost:1' } })
  expect(foreign.status).toBe(403)
})

it('marks dropped what an earlier chain left pending; the API says so instead of pending forever', async () => {
  expect(sandbox.droppedBroadcasts).toBe(1)
  expect(getBroadcast(sandbox.store, FORGOTTEN)?.status).toBe('dropped')
  const res = await fetch(`${sandbox.urls.api.replace('localhost', '127.0.0.1')}/api/v1/tx/${FORGOTTEN}`)
  expect(res.status).toBe(200)
  expect(await res.json()).toEqual({ hash: FORGOTTEN, status: 'dropped' })
})

it('a second sandbox on the same data folder is refused before it touches anything', async () => {
  const origin = sandbox.appOrigin('hello')
  await expect(
    startSandbox({
      ports: { wallet: 0, api: 0, apps: 0, chain: 0 },
      dataDir: join(dir, 'data'),
      publicDir: join(dir, 'public'),
    }),
  ).rejects.toBeInstanceOf(DataDirInUseError)
  const hello = (await (
    await fetch(`${sandbox.urls.api.replace('localhost', '127.0.0.1')}/api/v1/apps/hello`)
  ).json()) as {
    manifest: { origin: string }
  }
  expect(hello.manifest.origin).toBe(origin)
})

it('favicon.ico answers on every origin; the API root links its OpenAPI document, which names the API', async () => {
  const api = sandbox.urls.api.replace('localhost', '127.0.0.1')
  for (const url of [
    `${sandbox.urls.wallet.replace('localhost', '127.0.0.1')}/favicon.ico`,
    `${api}/favicon.ico`,
  ]) {
    const res = await fetch(url)
    expect(res.status, url).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml')
    expect(await res.text()).toContain('<svg')
  }
  for (const appId of ['hello', 'no-such-app']) {
    const icon = await getApp(appId, '/favicon.ico')
    expect(icon.status, appId).toBe(200)
    expect(icon.body).toContain('<svg')
  }
  const root = await fetch(`${api}/`)
  expect(root.status).toBe(200)
  const { links } = (await root.json()) as { links: { openapi: string } }
  expect(links.openapi).toBe(`${sandbox.urls.api}/openapi.json`)
  const doc = (await (await fetch(`${api}/openapi.json`)).json()) as {
    servers: { url: string }[]
    paths: object
  }
  expect(doc.servers).toEqual([{ url: sandbox.urls.api, description: 'this sandbox' }])
  expect(Object.keys(doc.paths).length).toBeGreaterThan(10)
})
