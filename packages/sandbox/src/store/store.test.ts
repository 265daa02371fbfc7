import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Interface } from 'ethers'
import { afterEach, describe, expect, it } from 'vitest'
import { STANDARD_CONTRACT_ADDRESSES } from '../chain/constants.js'
import { createApp, getApp, listApps } from './apps.js'
import {
  countBroadcasts,
  dropForgottenBroadcasts,
  getBroadcast,
  recordBroadcast,
  setBroadcastStatus,
} from './broadcasts.js'
import { consumeNonce, countNonces } from './nonces.js'
import { addPlatformKey, listPlatformKeys } from './platformKeys.js'
import { openStore, STORE_FILE, type Store } from './store.js'

const dirs: string[] = []
const stores: Store[] = []
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'chainless-store-'))
  dirs.push(dir)
  return dir
}
function open(options: Parameters<typeof openStore>[0]) {
  const s = openStore(options)
  stores.push(s)
  return s
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('openStore', () => {
  it('creates dataDir/sandbox.db and seeds the example apps with the apps port', () => {
    const dataDir = join(tempDir(), 'nested', 'data')
    const store = open({ dataDir, appsPort: 9123 })
    expect(store.created).toBe(true)
    expect(existsSync(join(dataDir, STORE_FILE))).toBe(true)
    const apps = listApps(store)
    expect(apps.map((a) => a.appId)).toEqual(['hello', 'web2-shop', 'web3-demo', 'web3-sponsored'])
    expect(getApp(store, 'hello')).toMatchObject({
      origin: 'http://hello.localhost:9123',
      entryUrl: 'http://hello.localhost:9123/',
      scopes: ['user:basic'],
      status: 'listed',
    })
    expect(getApp(store, 'web3-demo').scopes).toEqual([
      'user:basic',
      'tx:sign',
      'tx:broadcast',
      'asset:read',
      'asset:transfer',
    ])
  })

  it('survives a restart: close and reopen keep apps, nonces, broadcasts, keys', () => {
    const dataDir = tempDir()
    const a = openStore({ dataDir })
    const { appId } = createApp(a, {
      name: 'Shop',
      origin: 'http://shop.localhost:8090',
      scopes: ['user:basic'],
    })
    expect(consumeNonce(a, appId, 'nonce-0123456789', Date.now() + 60_000)).toBe(true)
    recordBroadcast(a, { hash: `0x${'ab'.repeat(32)}`, raw: '0x01', chainId: 31337 })
    addPlatformKey(a, { kid: 'k1', privateJwk: { d: 'x' }, publicJwk: { x: 'y' } })
    a.close()
    a.close() // idempotent

    const b = open({ dataDir })
    expect(b.created).toBe(false)
    expect(getApp(b, appId).name).toBe('Shop')
    expect(listApps(b)).toHaveLength(5)
    expect(consumeNonce(b, appId, 'nonce-0123456789', Date.now() + 60_000)).toBe(false)
    expect(getBroadcast(b, `0x${'AB'.repeat(32)}`)?.chainId).toBe(31337)
    expect(listPlatformKeys(b).map((k) => k.kid)).toEqual(['k1'])
  })

  it('--reset clears everything and seeds again', () => {
    const dataDir = tempDir()
    const a = openStore({ dataDir })
    createApp(a, { name: 'Shop', origin: 'http://shop.localhost:8090', scopes: ['user:basic'] })
    recordBroadcast(a, { hash: `0x${'cd'.repeat(32)}`, raw: '0x01', chainId: 1 })
    a.close()
    const b = open({ dataDir, reset: true })
    expect(b.created).toBe(true)
    expect(listApps(b).map((m) => m.appId)).toEqual(['hello', 'web2-shop', 'web3-demo', 'web3-sponsored'])
    expect(countBroadcasts(b)).toBe(0)
  })

  it('seed: false leaves a new store empty, and reopening does not add the examples', () => {
    const dataDir = tempDir()
    openStore({ dataDir, seed: false }).close()
    expect(listApps(open({ dataDir }))).toEqual([])
  })

  it('seeds web3-demo and its sponsored twin with the standard contracts and their ABIs', () => {
    const store = open({ dataDir: tempDir(), appsPort: 9124 })
    const demo = getApp(store, 'web3-demo')
    const twin = getApp(store, 'web3-sponsored')
    expect(demo.sponsored).toBe(false)
    expect(twin.sponsored).toBe(true)
    expect(twin.origin).toBe('http://web3-sponsored.localhost:9124')
    expect(twin.scopes).toEqual(demo.scopes)
    for (const app of [demo, twin]) {
      expect(app.contracts?.map((c) => [c.chainId, c.name, c.address])).toEqual([
        [0xc1a1, 'CRC20', STANDARD_CONTRACT_ADDRESSES.CRC20],
        [0xc1a1, 'CRC721', STANDARD_CONTRACT_ADDRESSES.CRC721],
        [0xc1a1, 'CRC1155', STANDARD_CONTRACT_ADDRESSES.CRC1155],
      ])
      // human-readable fragments that ethers reads back
      const [crc20, crc721, crc1155] = app.contracts!.map((c) => new Interface(c.abi as string[]))
      expect(crc20!.getFunction('transfer(address,uint256)')).not.toBeNull()
      expect(crc721!.getFunction('safeTransferFrom(address,address,uint256)')).not.toBeNull()
      expect(
        crc1155!.getFunction('safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)'),
      ).not.toBeNull()
    }
  })

  it('a store seeded before the sponsored twin and the contracts gains them on reopen', () => {
    const dataDir = tempDir()
    const a = openStore({ dataDir })
    a.db.prepare("DELETE FROM apps WHERE appId = 'web3-sponsored'").run()
    a.db.prepare("UPDATE apps SET contracts = NULL WHERE appId = 'web3-demo'").run()
    a.close()
    const b = open({ dataDir })
    expect(b.created).toBe(false)
    expect(getApp(b, 'web3-sponsored').sponsored).toBe(true)
    expect(getApp(b, 'web3-demo').contracts).toHaveLength(3)
  })

  it('reopening with another apps port re-points the example apps', () => {
    const dataDir = tempDir()
    openStore({ dataDir, appsPort: 9001 }).close()
    const store = open({ dataDir, appsPort: 9002 })
    expect(getApp(store, 'hello').origin).toBe('http://hello.localhost:9002')
    expect(getApp(store, 'web3-demo').entryUrl).toBe('http://web3-demo.localhost:9002/')
  })
})

describe('nonces', () => {
  it('accepts a nonce once, per app, and forgets expired ones', () => {
    let now = 1_000_000
    const store = open({ dataDir: tempDir(), now: () => now })
    expect(consumeNonce(store, 'hello', 'n1', now + 100)).toBe(true)
    expect(consumeNonce(store, 'hello', 'n1', now + 100)).toBe(false)
    expect(consumeNonce(store, 'web3-demo', 'n1', now + 100)).toBe(true)
    now += 101
    expect(consumeNonce(store, 'hello', 'n2', now + 100)).toBe(true)
    expect(countNonces(store)).toBe(1) // the two expired ones were pruned
  })
})

describe('broadcasts', () => {
  it('records once by hash and updates status', () => {
    const store = open({ dataDir: tempDir() })
    const hash = `0x${'ef'.repeat(32)}`
    expect(recordBroadcast(store, { hash, raw: '0x02', chainId: 5, appId: 'hello' })).toBe(true)
    expect(recordBroadcast(store, { hash, raw: '0x02', chainId: 5 })).toBe(false)
    setBroadcastStatus(store, hash, 'confirmed', 12)
    expect(getBroadcast(store, hash)).toMatchObject({ status: 'confirmed', blockNumber: 12, appId: 'hello' })
    expect(countBroadcasts(store)).toBe(1)
    expect(getBroadcast(store, `0x${'00'.repeat(32)}`)).toBeUndefined()
  })

  it('drops the pending ones the chain does not know (or of another chain id); keeps the rest', async () => {
    const store = open({ dataDir: tempDir() })
    const h = (b: string) => `0x${b.repeat(32)}`
    recordBroadcast(store, { hash: h('01'), raw: '0x02', chainId: 5 }) // known by the chain: stays
    recordBroadcast(store, { hash: h('02'), raw: '0x02', chainId: 5 }) // unknown: dropped
    recordBroadcast(store, { hash: h('03'), raw: '0x02', chainId: 6 }) // another chain: dropped
    recordBroadcast(store, { hash: h('04'), raw: '0x02', chainId: 5 })
    setBroadcastStatus(store, h('04'), 'confirmed', 3) // final: never looked at
    const asked: string[] = []
    const n = await dropForgottenBroadcasts(store, 5, async (hash) => {
      asked.push(hash)
      return hash === h('01')
    })
    expect(n).toBe(2)
    expect([h('01'), h('02'), h('03'), h('04')].map((x) => getBroadcast(store, x)?.status)).toEqual([
      'pending',
      'dropped',
      'dropped',
      'confirmed',
    ])
    expect(asked).toEqual([h('01'), h('02')])
  })

  it('a store made before `dropped` existed is migrated with its rows', () => {
    const dir = tempDir()
    const first = openStore({ dataDir: dir })
    const hash = `0x${'cd'.repeat(32)}`
    recordBroadcast(first, { hash, raw: '0x02', chainId: 5 })
    // the old CHECK, as version 1 stores have it
    first.db.exec(`CREATE TABLE b_old AS SELECT * FROM broadcasts; DROP TABLE broadcasts;
      CREATE TABLE broadcasts (hash TEXT PRIMARY KEY, raw TEXT NOT NULL, chainId INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'failed')), blockNumber INTEGER,
        appId TEXT, createdAt INTEGER NOT NULL, updatedAt INTEGER NOT NULL);
      INSERT INTO broadcasts SELECT * FROM b_old; DROP TABLE b_old;`)
    expect(() => setBroadcastStatus(first, hash, 'dropped', null)).toThrow(/CHECK/)
    first.close()
    const store = open({ dataDir: dir })
    setBroadcastStatus(store, hash, 'dropped', null)
    expect(getBroadcast(store, hash)).toMatchObject({ status: 'dropped', raw: '0x02', chainId: 5 })
  })
})
