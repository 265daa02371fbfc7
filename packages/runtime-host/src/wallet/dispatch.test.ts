import { BridgeError } from '@chainless/protocol'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_A, ACCOUNT_B, walletManifest, walletWorld } from './dispatch-testkit.js'

/** The bridge error a call rejects with. */
async function refusal(call: Promise<unknown>): Promise<BridgeError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(BridgeError)
  return error as BridgeError
}

const TX = { to: ACCOUNT_B, value: '0x1' }

describe('refusals: typed errors, nothing shown or signed', () => {
  it('an unknown method is 4200', async () => {
    const w = walletWorld()
    for (const method of ['eth_sign', 'eth_coinbase', 'wallet_addEthereumChain', 'toString', '__proto__']) {
      expect((await refusal(w.request(method))).code).toBe(4200)
    }
    expect(w.ui.sheets).toEqual([])
  })

  it('malformed params are -32602 with the issues, for every method, before any sheet', async () => {
    const w = walletWorld()
    await w.grants.grant('demo', ACCOUNT_A, ['user:basic', 'tx:sign', 'tx:broadcast'])
    await w.controller.ready()
    const bad: [string, unknown][] = [
      ['eth_requestAccounts', [1]],
      ['eth_accounts', { a: 1 }],
      ['eth_chainId', ['0x1']],
      ['personal_sign', ['hi']],
      ['personal_sign', ['hi', '0x1234']],
      ['personal_sign', ['x'.repeat(70_000), ACCOUNT_A]],
      ['eth_signTypedData_v4', [ACCOUNT_A, '{not json']],
      ['eth_signTypedData_v4', [ACCOUNT_A, { types: {}, primaryType: 'X', domain: {}, message: [] }]],
      ['eth_signTransaction', [{ to: 'nope' }]],
      ['eth_sendTransaction', [{ ...TX, value: `0x${'f'.repeat(65)}` }]],
      ['eth_sendTransaction', [{ ...TX, data: '0xabc' }]],
      ['eth_sendTransaction', [TX, TX]],
      ['eth_sendRawTransaction', ['0xzz']],
      ['wallet_sendCalls', [{ version: '2.0.0', chainId: '0xc1a1', calls: [] }]],
      ['wallet_switchEthereumChain', [{ chainId: 1 }]],
      ['wallet_requestPermissions', [{ eth_accounts: {}, other: {} }]],
      ['wallet_getCapabilities', [ACCOUNT_A, ['0x1'], 'x']],
      ['eth_getBalance', new Array(9).fill('0x0')],
    ]
    for (const [method, params] of bad) {
      const error = await refusal(w.request(method, params))
      expect([method, error.code]).toEqual([method, -32602])
      expect((error.data as { issues: string[] }).issues.length).toBeGreaterThan(0)
    }
    expect(w.ui.sheets).toEqual([])
    expect(w.signer.calls).toEqual([])
    expect(w.rpcCalls).toEqual([])
  })

  it('a method whose scope the manifest does not declare is 4100', async () => {
    const w = walletWorld({ manifest: walletManifest({ scopes: ['user:basic'] }) })
    await w.grants.grant('demo', ACCOUNT_A, ['user:basic'])
    for (const method of ['personal_sign', 'eth_sendTransaction', 'eth_sendRawTransaction']) {
      const params =
        method === 'personal_sign'
          ? ['0x68', ACCOUNT_A]
          : method === 'eth_sendRawTransaction'
            ? ['0x02']
            : [TX]
      const error = await refusal(w.request(method, params))
      expect(error.code).toBe(4100)
    }
    const noBasic = walletWorld({ manifest: walletManifest({ scopes: ['tx:sign'] }) })
    expect((await refusal(noBasic.request('eth_requestAccounts'))).code).toBe(4100)
    expect((await refusal(noBasic.request('eth_accounts'))).code).toBe(4100)
    expect(w.ui.sheets).toEqual([])
    expect(w.signer.calls).toEqual([])
  })

  it('an app that did not connect gets 4100 from sign/send/pay and never the address; eth_accounts is []', async () => {
    const w = walletWorld()
    expect(await w.request('eth_accounts')).toEqual([])
    expect(await w.request('wallet_getPermissions')).toEqual([])
    const calls: [string, unknown[]][] = [
      ['personal_sign', ['0x68', ACCOUNT_A]],
      ['eth_signTransaction', [TX]],
      ['eth_sendTransaction', [TX]],
      ['eth_sendRawTransaction', ['0x02']],
      ['wallet_sendCalls', [{ version: '2.0.0', chainId: '0xc1a1', calls: [{ to: ACCOUNT_B }] }]],
    ]
    for (const [method, params] of calls) {
      const error = await refusal(w.request(method, params))
      expect(error.code).toBe(4100)
      expect(JSON.stringify([error.message, error.data])).not.toMatch(/0x[0-9a-f]{40}/i)
    }
    const payError = await refusal(w.dispatcher.pay({ to: ACCOUNT_B, amount: '1' }, w.app, w.signal))
    expect(payError.code).toBe(4100)
    expect(w.ui.sheets).toEqual([])
    expect(w.signer.calls).toEqual([])
    expect(w.app.events).toEqual([])
    // Capabilities of an address are for the connected account only.
    expect((await refusal(w.request('wallet_getCapabilities', [ACCOUNT_A]))).code).toBe(4100)
  })
})

describe('connect is consent, per app and account', () => {
  it('eth_requestAccounts shows one sheet with the account and the declared wallet scopes, then remembers', async () => {
    const w = walletWorld()
    expect(await w.request('eth_requestAccounts')).toEqual([ACCOUNT_A])
    expect(w.ui.sheets).toEqual([
      {
        kind: 'consent',
        scopes: ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer'],
        account: ACCOUNT_A,
      },
    ])
    expect(w.app.events).toEqual([{ event: 'accountsChanged', data: [ACCOUNT_A] }])
    expect(await w.request('eth_requestAccounts', [])).toEqual([ACCOUNT_A])
    expect(await w.request('eth_accounts', null)).toEqual([ACCOUNT_A])
    expect(w.ui.sheets).toHaveLength(1)
    expect(await w.controller.connections()).toEqual([
      {
        appId: 'demo',
        account: ACCOUNT_A,
        scopes: ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer'],
      },
    ])
    expect(await w.controller.audit.list()).toMatchObject([
      { appId: 'demo', account: ACCOUNT_A, method: 'eth_requestAccounts', decision: 'approved' },
    ])
  })

  it('two racing requests share one sheet', async () => {
    const w = walletWorld()
    const [a, b] = await Promise.all([w.request('eth_requestAccounts'), w.request('eth_requestAccounts')])
    expect([a, b]).toEqual([[ACCOUNT_A], [ACCOUNT_A]])
    expect(w.ui.sheets).toHaveLength(1)
  })

  it('rejecting the sheet is 4001, audited, and grants nothing', async () => {
    const w = walletWorld()
    w.ui.consentAnswer = 'reject'
    expect((await refusal(w.request('eth_requestAccounts'))).code).toBe(4001)
    expect(await w.request('eth_accounts')).toEqual([])
    expect(await w.controller.connections()).toEqual([])
    expect(await w.controller.audit.list()).toMatchObject([
      { method: 'eth_requestAccounts', decision: 'rejected', code: 4001 },
    ])
    // A sheet that comes back without user:basic is no connection either.
    w.ui.consentAnswer = () => ['tx:sign']
    expect((await refusal(w.request('eth_requestAccounts'))).code).toBe(4001)
    expect(w.grants.list('demo', ACCOUNT_A)).toEqual([])
  })

  it("switching accounts hides the other account's grant; switching back restores it", async () => {
    const w = walletWorld()
    await w.request('eth_requestAccounts')
    w.app.events.length = 0
    await w.controller.setAccount(ACCOUNT_B.toLowerCase())
    expect(w.controller.account).toBe(ACCOUNT_B)
    expect(w.app.events).toEqual([{ event: 'accountsChanged', data: [] }])
    expect(await w.request('eth_accounts')).toEqual([])
    expect((await refusal(w.request('personal_sign', ['0x68', ACCOUNT_B]))).code).toBe(4100)
    await w.controller.setAccount(ACCOUNT_A)
    expect(w.app.events.at(-1)).toEqual({ event: 'accountsChanged', data: [ACCOUNT_A] })
    expect(await w.request('eth_accounts')).toEqual([ACCOUNT_A])
    await expect(w.controller.setAccount('0x0000000000000000000000000000000000000001')).rejects.toThrow(
      /Invalid option account/,
    )
  })

  it('an account the signer gained after start can be switched to (the workbench creates accounts)', async () => {
    const w = walletWorld()
    await w.controller.ready()
    const added = '0x00000000000000000000000000000000000000aa'
    await expect(w.controller.setAccount(added)).rejects.toThrow(/Invalid option account/)
    const listed = await w.signer.getAddresses()
    w.signer.getAddresses = async () => [...listed, added]
    await w.controller.setAccount(added)
    expect(w.controller.account?.toLowerCase()).toBe(added)
  })

  it('disconnect revokes for the account: accountsChanged [] and authRevoked', async () => {
    const w = walletWorld()
    await w.request('eth_requestAccounts')
    w.app.events.length = 0
    await w.controller.disconnect('demo')
    expect(w.app.events.map((e) => e.event)).toEqual(['accountsChanged', 'authRevoked'])
    expect(w.app.events[0]!.data).toEqual([])
    expect(await w.request('eth_accounts')).toEqual([])
    expect(await w.controller.connections(ACCOUNT_A)).toEqual([])
  })

  it('EIP-2255: wallet_requestPermissions connects; wallet_getPermissions describes the grant', async () => {
    const w = walletWorld()
    const before = Date.now()
    const permissions = await w.request('wallet_requestPermissions', [{ eth_accounts: {} }])
    expect(permissions).toEqual([
      {
        parentCapability: 'eth_accounts',
        caveats: [{ type: 'restrictReturnedAccounts', value: [ACCOUNT_A] }],
        invoker: 'http://demo.localhost:8090',
        date: expect.any(Number),
      },
    ])
    expect((permissions as { date: number }[])[0]!.date).toBeGreaterThanOrEqual(before)
    expect(await w.request('wallet_getPermissions')).toEqual(permissions)
  })

  it('a scope unticked at connect is asked for before the action; declining it is 4001 and nothing is signed', async () => {
    const w = walletWorld()
    w.ui.consentAnswer = () => ['user:basic']
    await w.request('eth_requestAccounts')
    w.ui.consentAnswer = 'reject'
    expect((await refusal(w.request('personal_sign', ['0x68', ACCOUNT_A]))).code).toBe(4001)
    expect(w.ui.sheets.at(-1)).toEqual({ kind: 'consent', scopes: ['tx:sign'], account: ACCOUNT_A })
    expect(w.signer.calls).toEqual([])
    w.ui.consentAnswer = (asked) => asked
    expect(await w.request('personal_sign', ['0x68', ACCOUNT_A])).toMatch(/^0x/)
    expect(w.ui.sheets.slice(-2).map((s) => s.kind)).toEqual(['consent', 'signMessage'])
    expect(w.signer.calls).toEqual(['signMessage'])
    expect(await w.controller.audit.list()).toMatchObject([
      { method: 'personal_sign', decision: 'approved' },
      { method: 'personal_sign', decision: 'rejected', code: 4001 },
      { method: 'eth_requestAccounts', decision: 'approved' },
    ])
  })
})

describe('chain, capabilities, reads', () => {
  it('switches to a known chain (chainChanged to every app, audited) and refuses an unknown one with 4902', async () => {
    const w = walletWorld()
    expect(await w.request('eth_chainId')).toBe('0xc1a1')
    expect(await w.request('wallet_switchEthereumChain', [{ chainId: '0x539' }])).toBeNull()
    expect(w.controller.chainId).toBe(1337)
    expect(await w.request('eth_chainId')).toBe('0x539')
    expect(w.app.events).toEqual([{ event: 'chainChanged', data: '0x539' }])
    const error = await refusal(w.request('wallet_switchEthereumChain', [{ chainId: '0x1' }]))
    expect(error.code).toBe(4902)
    expect(
      (await refusal(w.request('wallet_switchEthereumChain', [{ chainId: `0x${'f'.repeat(64)}` }]))).code,
    ).toBe(4902)
    expect(w.controller.chainId).toBe(1337)
    expect(await w.controller.audit.list()).toMatchObject([
      { method: 'wallet_switchEthereumChain', decision: 'failed', code: 4902 },
      { method: 'wallet_switchEthereumChain', decision: 'failed', code: 4902 },
      { method: 'wallet_switchEthereumChain', decision: 'approved' },
    ])
  })

  it('wallet_getCapabilities: atomic unsupported, sponsorship as the manifest says, per chain', async () => {
    const w = walletWorld()
    expect(await w.request('wallet_getCapabilities')).toEqual({
      '0xc1a1': { atomic: { status: 'unsupported' }, sponsorship: { supported: false } },
      '0x539': { atomic: { status: 'unsupported' }, sponsorship: { supported: false } },
    })
    const s = walletWorld({ manifest: walletManifest({ sponsored: true }) })
    await s.request('eth_requestAccounts')
    expect(await s.request('wallet_getCapabilities', [ACCOUNT_A, ['0xc1a1']])).toEqual({
      '0xc1a1': { atomic: { status: 'unsupported' }, sponsorship: { supported: true } },
    })
  })

  it('read methods go to the RPC proxy, results and JSON-RPC errors passed through, no scope needed', async () => {
    const w = walletWorld()
    expect(await w.request('eth_blockNumber')).toBe('0x10')
    expect(await w.request('eth_getBalance', [ACCOUNT_B, 'latest'])).toBe('0xde0b6b3a7640000')
    expect(w.rpcCalls).toEqual([
      { method: 'eth_blockNumber', params: [] },
      { method: 'eth_getBalance', params: [ACCOUNT_B, 'latest'] },
    ])
    w.rpc.eth_call = undefined
    delete w.rpc.eth_call
    expect((await refusal(w.request('eth_call', [{ to: ACCOUNT_B }, 'latest']))).code).toBe(-32601)
  })

  it('sends are audited with their hash by the dispatcher when the handler does not audit itself', async () => {
    const w = walletWorld()
    await w.request('eth_requestAccounts')
    const hash = await w.request('eth_sendRawTransaction', ['0x02'])
    expect(hash).toBe(`0x${'ab'.repeat(32)}`)
    const { hash: paid } = await w.dispatcher.pay({ to: ACCOUNT_B, amount: '1' }, w.app, w.signal)
    expect(await w.controller.audit.list({ limit: 2 })).toMatchObject([
      { method: 'walletPay', decision: 'approved', hash: paid },
      { method: 'eth_sendRawTransaction', decision: 'approved', hash },
    ])
  })

  it('a handler that throws something untyped becomes -32603, never another kind', async () => {
    const w = walletWorld({
      handlers: {
        personal_sign: async () => {
          throw new TypeError('boom with 0xsecret')
        },
      },
    })
    await w.request('eth_requestAccounts')
    const error = await refusal(w.request('personal_sign', ['0x68', ACCOUNT_A]))
    expect(error.code).toBe(-32603)
    expect(error.shortMessage).toBe('Internal error')
    // A route without a handler (not wired yet) is 4200.
    expect((await refusal(w.request('eth_sendTransaction', [TX]))).code).toBe(4200)
  })
})
