// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import { CHAINLESS_DEV_CHAIN, type Manifest } from '@chainless/protocol'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AppHandle } from '../app-handle.js'
import { createRuntimeHost } from '../create-runtime-host.js'
import { ACCOUNT_A, ACCOUNT_B, FakeSigner, FakeUi, OTHER_CHAIN, rpcFetch } from './dispatch-testkit.js'
import { MemoryKeyValueStore } from './kv-memory.js'

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
const hosts: { destroy(): void }[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.destroy()
})

const manifest = (appId: string): Manifest =>
  ({
    appId,
    name: appId,
    version: '1.0.0',
    origin: `http://${appId}.localhost:8090`,
    entryUrl: `http://${appId}.localhost:8090/`,
    scopes: ['user:basic', 'tx:sign', 'tx:broadcast'],
  }) as Manifest

function walletHost(ui = new FakeUi()) {
  const host = createRuntimeHost({
    allowUnverifiedManifests: true,
    ui: ui.adapter(),
    wallet: {
      signer: new FakeSigner(),
      apiUrl: 'http://127.0.0.1:8787',
      chains: [CHAINLESS_DEV_CHAIN, OTHER_CHAIN],
      store: new MemoryKeyValueStore(),
      fetch: rpcFetch({ eth_blockNumber: '0x1' }),
    },
  })
  hosts.push(host)
  return host
}

/** Mounts `appId`, says hello, and returns its port's events and a way to call methods. */
function connectApp(host: ReturnType<typeof walletHost>, appId: string) {
  const app: AppHandle = host.mount(manifest(appId), document.body)
  const posted: { port?: MessagePort }[] = []
  const source = {
    postMessage: (_m: unknown, _o: string, transfer?: Transferable[]) =>
      posted.push({ port: transfer?.[0] as MessagePort }),
  }
  app.handleWindowMessage({
    data: { type: 'chainless:hello', protocol: '1.0', sdkVersion: 'test' },
    origin: app.manifest.origin,
    source,
  } as unknown as MessageEvent)
  const port = posted[0]!.port!
  const events: { event: string; data: unknown }[] = []
  const replies = new Map<string, unknown>()
  port.onmessage = (e) => {
    const d = e.data as { type?: string; id?: string; event?: string; data?: unknown; value?: unknown }
    if (d.type === 'chainless:event') events.push({ event: d.event!, data: d.data })
    else if (d.id) replies.set(d.id, d)
  }
  let next = 0
  const call = async (path: string, arg?: unknown) => {
    const id = `c${++next}`
    port.postMessage({
      id,
      type: 'APPLY',
      path: [path],
      argumentList: arg === undefined ? [] : [{ type: 'RAW', value: arg }],
    })
    await vi.waitFor(() => expect(replies.has(id)).toBe(true))
    const reply = replies.get(id) as { type: string; value: unknown }
    // comlink: a result is { type: 'RAW', value }, an error { type: 'HANDLER', value: { value: payload } }.
    return reply.type === 'HANDLER'
      ? { error: (reply.value as { value: unknown }).value }
      : { value: reply.value }
  }
  return { app, events, call }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('createRuntimeHost({ wallet })', () => {
  it('serves walletRequest and walletPay; a host without a wallet does not', () => {
    const host = walletHost()
    expect(host.wallet).toBeDefined()
    const { app } = connectApp(host, 'one')
    expect(app.capabilities).toEqual(expect.arrayContaining(['walletRequest', 'walletPay']))
    const plain = createRuntimeHost({ allowUnverifiedManifests: true })
    hosts.push(plain)
    expect(plain.wallet).toBeUndefined()
    expect(plain.mount(manifest('two'), document.body).capabilities).not.toContain('walletRequest')
  })

  it('accountsChanged reaches only apps connected for the account, over the wire', async () => {
    const host = walletHost()
    await host.wallet!.ready()
    const one = connectApp(host, 'one')
    const two = connectApp(host, 'two')
    expect(await one.call('walletRequest', { method: 'eth_accounts' })).toMatchObject({ value: [] })
    expect(await one.call('walletRequest', { method: 'eth_requestAccounts' })).toMatchObject({
      value: [ACCOUNT_A],
    })
    await tick()
    expect(one.events).toEqual([{ event: 'accountsChanged', data: [ACCOUNT_A] }])
    expect(two.events).toEqual([])
    // An unconnected app's sign call is 4100 over the wire, with no address.
    const refused = await two.call('walletRequest', { method: 'personal_sign', params: ['0x68', ACCOUNT_A] })
    expect(refused.error).toMatchObject({ code: 4100 })
    await host.wallet!.setAccount(ACCOUNT_B)
    await tick()
    expect(one.events.at(-1)).toEqual({ event: 'accountsChanged', data: [] })
    expect(JSON.stringify(two.events)).not.toMatch(/0x[0-9a-f]{40}/i)
    // The bridge-level scope of walletPay (asset:transfer, undeclared here) is 4100.
    expect((await one.call('walletPay', { to: ACCOUNT_B, amount: '1' })).error).toMatchObject({ code: 4100 })
  })

  it('chainChanged goes to every app; on ready an app learns the chain (connect)', async () => {
    const host = walletHost()
    const one = connectApp(host, 'one')
    const two = connectApp(host, 'two')
    await one.call('ready')
    expect(
      await one.call('walletRequest', {
        method: 'wallet_switchEthereumChain',
        params: [{ chainId: '0x539' }],
      }),
    ).toMatchObject({
      value: null,
    })
    await tick()
    expect(one.events).toEqual([
      { event: 'connect', data: { chainId: '0xc1a1' } },
      { event: 'chainChanged', data: '0x539' },
    ])
    expect(two.events).toEqual([{ event: 'chainChanged', data: '0x539' }])
  })

  it('an invalid wallet option throws InvalidOptionError at creation', () => {
    const bad = (wallet: unknown) => () =>
      createRuntimeHost({ allowUnverifiedManifests: true, wallet: wallet as never })
    const ok = {
      signer: new FakeSigner(),
      apiUrl: 'http://127.0.0.1:8787',
      chains: [CHAINLESS_DEV_CHAIN],
      store: new MemoryKeyValueStore(),
    }
    expect(bad({ ...ok, signer: {} })).toThrow(/wallet\.signer/)
    expect(bad({ ...ok, apiUrl: 'ftp://x' })).toThrow(/wallet\.apiUrl/)
    expect(bad({ ...ok, chains: [] })).toThrow(/wallet\.chains/)
    expect(bad({ ...ok, chains: [CHAINLESS_DEV_CHAIN, CHAINLESS_DEV_CHAIN] })).toThrow(
      /wallet\.chains\[1\]\.chainId/,
    )
    expect(bad({ ...ok, chainId: 5 })).toThrow(/wallet\.chainId/)
    expect(
      bad({
        ...ok,
        chains: [
          {
            ...CHAINLESS_DEV_CHAIN,
            forwarder: { address: '0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266', name: 'f', version: '1' },
          },
        ],
      }),
    ).toThrow(/forwarder\.address/)
    expect(bad({ ...ok, policy: { nope: 1 } })).toThrow(/Invalid option/)
  })
})
