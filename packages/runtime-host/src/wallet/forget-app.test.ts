// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import { CHAINLESS_DEV_CHAIN } from '@chainless/protocol'
import { keccak256 } from 'ethers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createRuntimeHost } from '../create-runtime-host.js'
import { ACCOUNT_A, FakeSigner } from './dispatch-testkit.js'
import { MemoryKeyValueStore } from './kv-memory.js'
import type { TxRecord, TxState } from './tx-tracker.js'

const hosts: { destroy(): void }[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.destroy()
})

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`
const record = (n: number, appId: string, state: TxState): TxRecord => ({
  hash: hash(n),
  appId,
  account: ACCOUNT_A,
  chainId: CHAINLESS_DEV_CHAIN.chainId,
  state,
  raw: '0x01',
  createdAt: n,
  updatedAt: n,
})
const SIGNATURE = `0x${'11'.repeat(65)}`

async function setup() {
  const store = new MemoryKeyValueStore()
  const fetch = vi.fn(async () => new Response('{}', { status: 404 }))
  const host = createRuntimeHost({
    allowUnverifiedManifests: true,
    storage: false,
    uiActions: false,
    wallet: {
      signer: new FakeSigner(),
      apiUrl: 'http://127.0.0.1:8787',
      chains: [CHAINLESS_DEV_CHAIN],
      store,
      fetch,
      getSessionToken: async () => undefined,
    },
  })
  hosts.push(host)
  const states: TxState[] = ['signed', 'pending', 'abandoned', 'confirmed', 'failed']
  for (const [i, state] of states.entries()) {
    await store.set(`tx:${hash(i + 1)}`, record(i + 1, 'hello', state))
    await store.set(`tx:${hash(i + 11)}`, record(i + 11, 'other', state))
  }
  // A sponsored relay the platform has not answered yet: no hash, its own key.
  await store.set(`relay:${keccak256(SIGNATURE).toLowerCase()}`, {
    ...record(99, 'hello', 'signed'),
    hash: '',
    relay: { appId: 'hello', request: {}, signature: SIGNATURE },
  })
  return { host, wallet: host.wallet!, store, fetch }
}

describe('WalletController.forgetApp', () => {
  it("drops the app's records that are not final, keeps final ones and other apps'", async () => {
    const { wallet } = await setup()
    expect(await wallet.forgetApp('hello')).toEqual({ transactions: 4 })
    expect((await wallet.transactions({ appId: 'hello' })).map((r) => r.state).sort()).toEqual([
      'confirmed',
      'failed',
    ])
    expect(await wallet.transactions({ appId: 'other' })).toHaveLength(5)
    expect(await wallet.forgetApp('hello')).toEqual({ transactions: 0 })
  })

  it('with all: true drops the history too', async () => {
    const { wallet } = await setup()
    expect(await wallet.forgetApp('hello', { all: true })).toEqual({ transactions: 6 })
    expect(await wallet.transactions({ appId: 'hello' })).toEqual([])
    expect(await wallet.transactions({ appId: 'other' })).toHaveLength(5)
    expect(await wallet.forgetApp('nobody', { all: true })).toEqual({ transactions: 0 })
  })

  it('a forgotten transaction is neither re-sent nor polled on resume', async () => {
    const { wallet, fetch } = await setup()
    await wallet.forgetApp('hello')
    await wallet.forgetApp('other')
    await wallet.resume()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(fetch).not.toHaveBeenCalled()
  })
})
