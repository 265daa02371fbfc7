// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import { CHAINLESS_DEV_CHAIN, type Manifest } from '@chainless/protocol'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRuntimeHost } from '../create-runtime-host.js'
import { FakeUi } from '../wallet/dispatch-testkit.js'
import { MemoryKeyValueStore } from '../wallet/kv-memory.js'
import { LocalKeySigner } from '../wallet/signers/local-key.js'
import { FakePlatform } from './fake-platform.js'

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
const hosts: { destroy(): void }[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.destroy()
})

const WALLET_ORIGIN = 'http://wallet.localhost:8080'
const manifest = {
  appId: 'shop',
  name: 'Shop',
  version: '1.0.0',
  origin: 'http://shop.localhost:8090',
  entryUrl: 'http://shop.localhost:8090/',
  scopes: ['user:basic', 'user:phone'],
} as Manifest

function setup(withWallet = true) {
  const platform = new FakePlatform({
    walletOrigin: WALLET_ORIGIN,
    chainId: CHAINLESS_DEV_CHAIN.chainId,
    apps: { shop: { origin: manifest.origin, redirectUri: manifest.entryUrl, scopes: manifest.scopes } },
  })
  const ui = new FakeUi()
  const host = createRuntimeHost({
    allowUnverifiedManifests: true,
    origin: WALLET_ORIGIN,
    ui: ui.adapter(),
    ...(withWallet
      ? {
          wallet: {
            signer: LocalKeySigner.fromMnemonic(
              'test test test test test test test test test test test junk',
            ),
            apiUrl: 'http://127.0.0.1:8787',
            chains: [CHAINLESS_DEV_CHAIN],
            store: new MemoryKeyValueStore(),
            fetch: platform.fetch,
          },
        }
      : {}),
  })
  hosts.push(host)
  const app = host.mount(manifest, document.body)
  const posted: MessagePort[] = []
  app.handleWindowMessage({
    data: { type: 'chainless:hello', protocol: '1.0', sdkVersion: 'test' },
    origin: manifest.origin,
    source: {
      postMessage: (_m: unknown, _o: string, t?: Transferable[]) => posted.push(t?.[0] as MessagePort),
    },
  } as unknown as MessageEvent)
  const port = posted[0]!
  const events: { event: string; data: unknown }[] = []
  const replies = new Map<string, { type: string; value: unknown }>()
  port.onmessage = (e) => {
    const d = e.data as { type?: string; id?: string; event?: string; data?: unknown; value?: unknown }
    if (d.type === 'chainless:event') events.push({ event: d.event!, data: d.data })
    else if (d.id) replies.set(d.id, d as { type: string; value: unknown })
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
    await vi.waitFor(() => expect(replies.has(id)).toBe(true), { timeout: 10_000 })
    const reply = replies.get(id)!
    return reply.type === 'HANDLER'
      ? { error: (reply.value as { value: unknown }).value as { code: number } }
      : { value: reply.value }
  }
  return { host, app, platform, ui, events, call }
}

describe('createRuntimeHost({ wallet }): auth', () => {
  it('serves the auth methods with a wallet; without one they are 4200', async () => {
    const { app } = setup()
    expect(app.capabilities).toEqual(
      expect.arrayContaining(['authAuthorize', 'authGetAccessToken', 'authLogout']),
    )
    const plain = setup(false)
    expect(plain.app.capabilities).not.toContain('authAuthorize')
    const { error } = await plain.call('authLogout')
    expect(error?.code).toBe(4200)
  })

  it('host.wallet.signIn() signs the wallet in once (the demo wallet does it at start)', async () => {
    const { host, platform } = setup()
    const token = await host.wallet!.signIn()
    expect(token).toMatch(/^ws/)
    expect(await host.wallet!.signIn()).toBe(token)
    expect(platform.count('/api/v1/wallet/session')).toBe(1)
  })

  it('authorize over the wire returns the code and state; disconnect revokes at the platform', async () => {
    const { host, platform, call, events } = setup()
    const state = 'st-0123456789abcdef'
    const { value } = await call('authAuthorize', {
      scope: ['user:basic'],
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      state,
    })
    expect(value).toEqual({ code: expect.stringMatching(/^code-/), state })
    const token = await call('authGetAccessToken', { scope: ['user:basic'] })
    expect(token.value).toMatchObject({ scope: ['user:basic'] })
    await host.wallet!.disconnect('shop')
    expect(platform.count('/api/v1/wallet/grants/shop')).toBe(1)
    await vi.waitFor(() => expect(events.map((e) => e.event)).toContain('authRevoked'))
  })
})
