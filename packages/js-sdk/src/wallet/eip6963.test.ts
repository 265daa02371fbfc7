import { afterEach, expect, it, vi } from 'vitest'
import { connectedWallet, type WalletHarness } from '../../test/fake-wallet.js'

let harness: WalletHarness | undefined
afterEach(() => {
  harness?.host.close()
  harness = undefined
  vi.unstubAllGlobals()
})

const setup = async () => {
  harness = await connectedWallet()
  const announced: CustomEvent[] = []
  harness.host.window.addEventListener('eip6963:announceProvider', (event) =>
    announced.push(event as CustomEvent),
  )
  return { ...harness, announced }
}

it('getProvider() announces once, with a frozen detail: info (uuid v4, name, data-URI SVG icon, rdns) and the provider', async () => {
  const { wallet, announced } = await setup()
  const provider = wallet.getProvider()
  wallet.getProvider()
  expect(announced).toHaveLength(1)
  const { detail } = announced[0]!
  expect(Object.isFrozen(detail)).toBe(true)
  expect(Object.isFrozen(detail.info)).toBe(true)
  expect(detail.provider).toBe(provider)
  expect(detail.info).toEqual({
    uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    name: 'Chainless',
    icon: expect.stringMatching(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/),
    rdns: 'io.chainless.wallet',
  })
  const svg = atob(detail.info.icon.split(',')[1])
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1">.*<\/svg>$/)
  expect(() => {
    detail.info.name = 'Evil'
  }).toThrow(TypeError)
})

it('answers each eip6963:requestProvider with the same detail', async () => {
  const { wallet, announced, host } = await setup()
  wallet.getProvider()
  host.window.dispatchEvent(new Event('eip6963:requestProvider'))
  host.window.dispatchEvent(new Event('eip6963:requestProvider'))
  expect(announced).toHaveLength(3)
  expect(announced[1]!.detail).toBe(announced[0]!.detail)
  expect(announced[2]!.detail).toBe(announced[0]!.detail)
})

it('does not answer requestProvider before the provider exists (nothing at import)', async () => {
  const { announced, host } = await setup()
  host.window.dispatchEvent(new Event('eip6963:requestProvider'))
  expect(announced).toHaveLength(0)
})

it('announceProvider() announces (creating the provider once), and again on each later call', async () => {
  const { wallet, announced } = await setup()
  wallet.announceProvider()
  expect(announced).toHaveLength(1)
  wallet.announceProvider()
  expect(announced).toHaveLength(2)
  expect(announced[1]!.detail).toBe(announced[0]!.detail)
  expect(announced[0]!.detail.provider).toBe(wallet.getProvider())
})

it('mipd (the EIP-6963 store wagmi uses) discovers the provider whether it starts before or after', async () => {
  const { wallet } = await setup()
  const { createStore } = await import('mipd')
  const early = createStore()
  const provider = wallet.getProvider()
  const late = createStore()
  for (const store of [early, late]) {
    const found = store.getProviders().filter((p) => p.info.rdns === 'io.chainless.wallet')
    expect(found).toHaveLength(1)
    expect(found[0]!.provider).toBe(provider)
    store.destroy()
  }
})
