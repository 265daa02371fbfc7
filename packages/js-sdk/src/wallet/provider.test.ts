import {
  InternalError,
  UnauthorizedError,
  UnknownChainError,
  UnsupportedMethodError,
  UserRejectedError,
} from '@chainless/protocol'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flush, hellos } from '../../test/fake-host.js'
import {
  connectedWallet,
  defaultAnswer,
  serve,
  WALLET_CAPABILITIES,
  type WalletHarness,
} from '../../test/fake-wallet.js'

let harness: WalletHarness | undefined
afterEach(() => {
  harness?.host.close()
  harness = undefined
  vi.useRealTimers()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const setup = async (...args: Parameters<typeof connectedWallet>) => {
  harness = await connectedWallet(...args)
  return harness
}
const waitFor = (check: () => void) => vi.waitFor(check, { timeout: 2000, interval: 5 })
const ACCOUNT = '0x8ba1f109551bD432803012645Ac136ddd64DBA72'

describe('request', () => {
  it('forwards method and params unchanged as walletRequest and returns the result unchanged', async () => {
    const result = { nested: [1, '0x2', { deep: null }] }
    const { wallet, calls } = await setup((method, params) =>
      method === 'eth_getBlockByNumber' ? result : defaultAnswer(method, params),
    )
    const provider = wallet.getProvider()
    await expect(
      provider.request({ method: 'eth_getBlockByNumber', params: ['latest', false] }),
    ).resolves.toEqual(result)
    expect(calls.at(-1)).toEqual({
      method: 'walletRequest',
      params: { method: 'eth_getBlockByNumber', params: ['latest', false] },
    })
  })

  it('omits params when they are undefined or null (the bridge schema takes neither)', async () => {
    const { wallet, calls } = await setup()
    const provider = wallet.getProvider()
    await provider.request({ method: 'eth_chainId' })
    await provider.request({ method: 'eth_chainId', params: undefined })
    await provider.request({ method: 'eth_chainId', params: null as never })
    const sent = calls.filter((c) => c.method === 'walletRequest').slice(-3)
    for (const call of sent) expect(call.params).toStrictEqual({ method: 'eth_chainId' })
  })

  it('returns the same instance every time', async () => {
    const { wallet } = await setup()
    expect(wallet.getProvider()).toBe(wallet.getProvider())
  })

  it.each([
    ['4001', new UserRejectedError('User rejected the request'), 'UserRejectedError'],
    ['4100', new UnauthorizedError('Unauthorized', { scopes: ['tx:sign'] }), 'UnauthorizedError'],
    [
      '4200',
      new UnsupportedMethodError('Unsupported method', { method: 'eth_foo' }),
      'UnsupportedMethodError',
    ],
    ['4902', new UnknownChainError('Unknown chain', { chainId: '0x1' }), 'UnknownChainError'],
    ['-32603', new InternalError('Internal error'), 'InternalError'],
  ] as const)(
    'host error %s reaches the app as the same class, code, message and data',
    async (_, thrown, name) => {
      const { wallet } = await setup((method) => {
        if (method === 'eth_chainId') return '0xc1a1'
        throw thrown
      })
      const error = await wallet
        .getProvider()
        .request({ method: 'eth_requestAccounts' })
        .catch((e: unknown) => e)
      // The module graph was reset: the app's classes are the wallet entry's.
      expect(error).toBeInstanceOf(wallet[name])
      expect(error).toBeInstanceOf(wallet.BridgeError)
      expect(error).toMatchObject({
        code: thrown.code,
        message: thrown.shortMessage,
        data: thrown.code === -32603 ? undefined : thrown.data,
      })
    },
  )

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'eth_chainId'],
    ['an array', ['eth_chainId']],
    ['no method', { params: [] }],
    ['an empty method', { method: '' }],
    ['a numeric method', { method: 1 }],
  ])('rejects %s with -32602 at once, sending nothing', async (_, args) => {
    const { wallet, calls } = await setup()
    const provider = wallet.getProvider()
    await flush()
    const before = calls.length
    const error = await provider.request(args as never).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: -32602, name: 'InvalidParamsError' })
    await flush()
    expect(calls.length).toBe(before)
  })
})

describe('events', () => {
  it('emits connect once the bridge is up and eth_chainId answered', async () => {
    const { wallet, calls } = await setup()
    const connect = vi.fn()
    wallet.getProvider().on('connect', connect)
    await waitFor(() => expect(connect).toHaveBeenCalledTimes(1))
    expect(connect).toHaveBeenCalledWith({ chainId: '0xc1a1' })
    expect(calls).toContainEqual({ method: 'walletRequest', params: { method: 'eth_chainId' } })
  })

  it('a provider created before the handshake connects when the app connects', async () => {
    harness = await connectedWallet(defaultAnswer, { connect: false })
    const { host, sdk, wallet, calls } = harness
    const connect = vi.fn()
    wallet.getProvider().on('connect', connect)
    const ready = sdk.ready()
    const port = host.welcome({ capabilities: WALLET_CAPABILITIES })
    serve(port, calls, harness.answer)
    await ready
    await waitFor(() => expect(connect).toHaveBeenCalledWith({ chainId: '0xc1a1' }))
  })

  it('a host without a wallet (no walletRequest) never connects', async () => {
    harness = await connectedWallet(defaultAnswer, { connect: false })
    const { host, sdk, wallet } = harness
    const connect = vi.fn()
    wallet.getProvider().on('connect', connect)
    const ready = sdk.ready()
    const port = host.welcome()
    const call = await port.next()
    port.post({ id: call.id, type: 'RAW', value: null })
    await ready
    await flush()
    expect(connect).not.toHaveBeenCalled()
    await expect(wallet.getProvider().request({ method: 'eth_chainId' })).rejects.toMatchObject({
      code: 4200,
    })
  })

  it('emits disconnect (4900) when the bridge session ends, and connect again after the reconnection', async () => {
    const { host, wallet, port, calls, answer } = await setup()
    const provider = wallet.getProvider()
    const connect = vi.fn()
    const disconnect = vi.fn()
    provider.on('connect', connect).on('disconnect', disconnect)
    await waitFor(() => expect(connect).toHaveBeenCalledTimes(1))
    const helloCount = hellos(host).length
    port.post({ type: 'chainless:disconnect', reason: 'navigated' })
    await waitFor(() => expect(disconnect).toHaveBeenCalledTimes(1))
    expect(disconnect.mock.calls[0]![0]).toMatchObject({ code: 4900, name: 'DisconnectedError' })
    // The SDK says hello again after 250 ms.
    await waitFor(() => expect(hellos(host).length).toBe(helloCount + 1))
    const again = host.welcome({ capabilities: WALLET_CAPABILITIES })
    serve(again, calls, answer)
    await waitFor(() => expect(connect).toHaveBeenCalledTimes(2))
    expect(disconnect).toHaveBeenCalledTimes(1)
  })

  it('emits disconnect for the host disconnect event, connect for its connect event, each once', async () => {
    const { wallet, event } = await setup()
    const provider = wallet.getProvider()
    const connect = vi.fn()
    const disconnect = vi.fn()
    provider.on('connect', connect)
    provider.on('disconnect', disconnect)
    await waitFor(() => expect(connect).toHaveBeenCalledTimes(1))
    event('disconnect', { code: 4900, message: 'Wallet locked' })
    event('disconnect', { code: 4900, message: 'again' })
    await waitFor(() => expect(disconnect).toHaveBeenCalledTimes(1))
    event('connect', { chainId: '0x1' })
    event('connect', { chainId: '0x1' })
    await waitFor(() => expect(connect).toHaveBeenCalledTimes(2))
    await flush()
    expect(connect.mock.calls[1]).toEqual([{ chainId: '0x1' }])
    expect(disconnect).toHaveBeenCalledTimes(1)
    expect(disconnect.mock.calls[0]![0].code).toBe(4900)
  })

  it('emits chainChanged for a new valid chain id only', async () => {
    const { wallet, event } = await setup()
    const provider = wallet.getProvider()
    const connect = vi.fn()
    const chainChanged = vi.fn()
    provider.on('connect', connect).on('chainChanged', chainChanged)
    await waitFor(() => expect(connect).toHaveBeenCalledTimes(1))
    event('chainChanged', '0xc1a1') // the same chain: nothing changed
    event('chainChanged', 'not hex')
    event('chainChanged', 5)
    event('chainChanged', '0x5')
    await waitFor(() => expect(chainChanged).toHaveBeenCalledTimes(1))
    await flush()
    expect(chainChanged.mock.calls).toEqual([['0x5']])
  })

  it('emits accountsChanged with address arrays only', async () => {
    const { wallet, event } = await setup()
    const accountsChanged = vi.fn()
    wallet.getProvider().on('accountsChanged', accountsChanged)
    event('accountsChanged', ['0x1234'])
    event('accountsChanged', 'nope')
    event('accountsChanged', [ACCOUNT, 7])
    event('accountsChanged', [ACCOUNT])
    event('accountsChanged', [])
    await waitFor(() => expect(accountsChanged).toHaveBeenCalledTimes(2))
    await flush()
    expect(accountsChanged.mock.calls).toEqual([[[ACCOUNT]], [[]]])
  })

  it('turns txStatus events into EIP-1193 message events', async () => {
    const { wallet, event } = await setup()
    const message = vi.fn()
    wallet.getProvider().on('message', message)
    const status = { hash: `0x${'ab'.repeat(32)}`, status: 'pending' }
    event('txStatus', { hash: '0x12', status: 'pending' })
    event('txStatus', status)
    await waitFor(() => expect(message).toHaveBeenCalledTimes(1))
    expect(message).toHaveBeenCalledWith({ type: 'txStatus', data: status })
  })

  it('removeListener stops a listener; a throwing listener does not stop the others', async () => {
    const { wallet, event } = await setup()
    const provider = wallet.getProvider()
    const reported: unknown[] = []
    const realQueueMicrotask = globalThis.queueMicrotask
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => {
      if (task.toString().includes('throw')) reported.push(task)
      else realQueueMicrotask(task)
    })
    const removed = vi.fn()
    const after = vi.fn()
    provider.on('accountsChanged', removed)
    provider.on('accountsChanged', () => {
      throw new Error('listener bug')
    })
    provider.on('accountsChanged', after)
    provider.removeListener('accountsChanged', removed)
    event('accountsChanged', [ACCOUNT])
    await waitFor(() => expect(after).toHaveBeenCalledTimes(1))
    expect(removed).not.toHaveBeenCalled()
    expect(reported).toHaveLength(1)
  })
})

describe('installProvider', () => {
  it('sets window.ethereum only when absent', async () => {
    const { wallet, host } = await setup()
    const provider = wallet.installProvider()
    expect((host.window as unknown as { ethereum: unknown }).ethereum).toBe(provider)
    const other = {}
    ;(host.window as unknown as { ethereum: unknown }).ethereum = other
    expect(wallet.installProvider()).toBe(provider)
    expect((host.window as unknown as { ethereum: unknown }).ethereum).toBe(other)
  })

  it('getProvider does not touch window.ethereum', async () => {
    const { wallet, host } = await setup()
    wallet.getProvider()
    expect('ethereum' in host.window).toBe(false)
  })
})

describe('SSR', () => {
  it('importing the wallet entry and creating the provider without window runs nothing that throws', async () => {
    vi.resetModules()
    expect(typeof window).toBe('undefined')
    const wallet = await import('./index.js')
    const provider = wallet.getProvider()
    wallet.announceProvider()
    await expect(provider.request({ method: 'eth_chainId' })).rejects.toMatchObject({ code: 4900 })
  })
})
