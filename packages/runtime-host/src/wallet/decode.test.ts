import type { Manifest } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { Interface } from 'ethers'
import { describe, expect, it } from 'vitest'
import { CRC20_ABI, CRC721_ABI, CRC1155_ABI } from './abis.js'
import { contractAbis, decodeCall } from './decode.js'

const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const NFT = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const ALICE = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const CHAIN = 49569

const manifest = {
  appId: 'demo',
  name: 'Demo',
  version: '1',
  origin: 'http://demo.localhost',
  entryUrl: 'http://demo.localhost/',
  scopes: ['user:basic'],
  contracts: [
    { chainId: CHAIN, address: TOKEN.toLowerCase(), name: 'Test coin' },
    {
      chainId: CHAIN,
      address: NFT,
      name: 'Collectibles',
      abi: ['function mint(address recipient) returns (uint256)'],
    },
    { chainId: 1, address: ALICE, name: 'Elsewhere', abi: CRC20_ABI },
  ],
} as unknown as Manifest

const erc20 = new Interface(CRC20_ABI)
const erc1155 = new Interface(CRC1155_ABI)

describe('decodeCall', () => {
  it('decodes an ERC-20 transfer with the standard ABI, named after the manifest entry', () => {
    const data = erc20.encodeFunctionData('transfer', [ALICE.toLowerCase(), 5n * 10n ** 18n])
    expect(decodeCall(TOKEN, data, contractAbis(manifest, CHAIN, TOKEN))).toEqual({
      contractName: 'Test coin',
      method: 'transfer',
      args: [
        { name: 'to', type: 'address', value: ALICE },
        { name: 'amount', type: 'uint256', value: '5000000000000000000' },
      ],
    })
  })

  it('prefers the manifest ABI over the standard ones', () => {
    const data = new Interface(CRC721_ABI).encodeFunctionData('mint', [ALICE])
    const decoded = decodeCall(NFT, data, contractAbis(manifest, CHAIN, NFT))
    expect(decoded?.contractName).toBe('Collectibles')
    expect(decoded?.args[0]?.name).toBe('recipient')
  })

  it('formats bytes as hex and arrays bracketed', () => {
    const data = erc1155.encodeFunctionData('safeBatchTransferFrom', [
      ALICE,
      TOKEN,
      [1n, 2n],
      [3n, 4n],
      '0xbeef',
    ])
    const decoded = decodeCall(TOKEN, data, contractAbis(manifest, CHAIN, TOKEN))
    expect(decoded?.args.map((a) => a.value)).toEqual([ALICE, TOKEN, '[1, 2]', '[3, 4]', '0xbeef'])
  })

  it('decodes nothing for another chain, plain transfers, unknown selectors and truncated args', () => {
    const data = erc20.encodeFunctionData('transfer', [ALICE, 1n])
    expect(contractAbis(manifest, CHAIN, ALICE)[0]?.name).toBeUndefined()
    expect(decodeCall(ALICE, '0x', contractAbis(manifest, CHAIN, ALICE))).toBeUndefined()
    expect(decodeCall(undefined, data, [])).toBeUndefined()
    expect(decodeCall(TOKEN, '0xdeadbeef', contractAbis(manifest, CHAIN, TOKEN))).toBeUndefined()
    expect(decodeCall(TOKEN, data.slice(0, 40), contractAbis(manifest, CHAIN, TOKEN))).toBeUndefined()
  })

  it('skips an ABI ethers cannot read', () => {
    const data = erc20.encodeFunctionData('transfer', [ALICE, 1n])
    expect(decodeCall(TOKEN, data, [{ abi: ['function ('] }, { abi: CRC20_ABI }])?.method).toBe('transfer')
  })

  test.prop([fc.string({ maxLength: 300 }).map((s) => `0x${Buffer.from(s).toString('hex')}`)], {
    numRuns: 300,
  })('never throws on arbitrary calldata', (data) => {
    const abis = contractAbis(manifest, CHAIN, TOKEN)
    expect(() => decodeCall(TOKEN, data, abis)).not.toThrow()
    expect(() => decodeCall(TOKEN, `0xa9059cbb${data.slice(2)}`, abis)).not.toThrow()
  })
})
