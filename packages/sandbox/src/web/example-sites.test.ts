import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exampleAppDirs } from './example-sites.js'
import { demoWalletConfig } from './wallet-config.js'

describe('exampleAppDirs', () => {
  it('serves the sponsored twin from web3-demo and every other app from its own folder', () => {
    const dirs = exampleAppDirs('/p', ['hello', 'web3-demo', 'web3-sponsored'])
    expect(dirs.get('hello')).toBe(resolve('/p/apps/hello'))
    expect(dirs.get('web3-sponsored')).toBe(resolve('/p/apps/web3-demo'))
    expect(dirs.get('web3-demo')).toBe(resolve('/p/apps/web3-demo'))
  })

  it('does not let a prototype key pick a folder', () => {
    expect(exampleAppDirs('/p', ['constructor']).get('constructor')).toBe(resolve('/p/apps/constructor'))
  })
})

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
    })
    const forwarder = { address: '0xF0', name: 'ChainlessForwarder', version: '1' }
    expect(demoWalletConfig({ ...base, forwarder }).forwarder).toEqual(forwarder)
  })
})
