import { describe, expect, it } from 'vitest'
import { demoWalletConfig } from './wallet-config.js'

describe('demoWalletConfig', () => {
  const base = {
    apiUrl: 'http://localhost:8787',
    chain: { chainId: 49569, rpcUrl: 'http://127.0.0.1:8545', accounts: [{ address: '0xabc' }] },
    manifestKeys: { keys: [] },
    mnemonic: 'test test test test test test test test test test test junk',
  }

  it('names accounts, mnemonic and keys, and the forwarder only when there is one', () => {
    expect(demoWalletConfig(base)).toEqual({
      apiUrl: base.apiUrl,
      chainId: 49569,
      rpcUrl: base.chain.rpcUrl,
      accounts: ['0xabc'],
      mnemonic: base.mnemonic,
      manifestKeys: { keys: [] },
      workbench: true,
    })
    const forwarder = { address: '0xF0', name: 'ChainlessForwarder', version: '1' }
    expect(demoWalletConfig({ ...base, forwarder: { ...forwarder, abi: [] } as never }).forwarder).toEqual(
      forwarder,
    )
  })

  it('turns the workbench on by default, and off when asked (a wallet for real users)', () => {
    expect(demoWalletConfig(base).workbench).toBe(true)
    expect(demoWalletConfig({ ...base, workbench: false }).workbench).toBe(false)
    expect(JSON.parse(JSON.stringify(demoWalletConfig({ ...base, workbench: false }))).workbench).toBe(false)
  })
})
