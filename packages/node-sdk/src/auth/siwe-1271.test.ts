// EIP-1271: a contract wallet signs in. A tiny ERC-1271 wallet (valid when its owner's key signed the
// hash) is compiled with solc and deployed on an in-process ganache; viem's `verifyMessage` through a
// PublicClient asks the contract (EIP-1271, with the EIP-6492 validator as viem does it).
import ganache from 'ganache'
import solc from 'solc'
import {
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  type EIP1193Provider,
  getAddress,
  type Hex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SiweError } from '../errors.js'
import { MemoryNonceStore } from '../stores/memory-nonce-store.js'
import { issueNonce, verifySiwe } from './siwe.js'

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Wallet1271 {
  address public immutable owner;
  constructor(address o) { owner = o; }
  function isValidSignature(bytes32 hash, bytes calldata sig) external view returns (bytes4) {
    if (sig.length != 65) return 0xffffffff;
    bytes32 r; bytes32 s; uint8 v;
    assembly {
      r := calldataload(sig.offset)
      s := calldataload(add(sig.offset, 32))
      v := byte(0, calldataload(add(sig.offset, 64)))
    }
    return ecrecover(hash, v, r, s) == owner ? bytes4(0x1626ba7e) : bytes4(0xffffffff);
  }
}`

// Anvil/Hardhat test keys: public, never hold value.
const OWNER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const owner = privateKeyToAccount(OWNER_KEY)
const stranger = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const CHAIN_ID = 1337
const chain = defineChain({
  id: CHAIN_ID,
  name: 'ganache',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1:0'] } },
})

let provider: ReturnType<typeof ganache.provider>
let walletAddress: `0x${string}`
let client: ReturnType<typeof createPublicClient>

beforeAll(async () => {
  const output = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: 'Solidity',
        sources: { 'Wallet1271.sol': { content: SOURCE } },
        settings: {
          evmVersion: 'shanghai',
          outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
        },
      }),
    ),
  )
  const artifact = output.contracts['Wallet1271.sol'].Wallet1271
  provider = ganache.provider({
    chain: { chainId: CHAIN_ID, hardfork: 'shanghai' },
    wallet: { accounts: [{ secretKey: OWNER_KEY, balance: '0x56bc75e2d63100000' }] },
    logging: { quiet: true },
  })
  const transport = custom(provider as unknown as EIP1193Provider)
  client = createPublicClient({ chain, transport })
  const wallet = createWalletClient({ account: owner, chain, transport })
  const hash = await wallet.deployContract({
    abi: artifact.abi,
    bytecode: `0x${artifact.evm.bytecode.object}` as Hex,
    args: [owner.address],
  })
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 10 })
  walletAddress = getAddress(receipt.contractAddress ?? '0x')
}, 60_000)
afterAll(() => provider?.disconnect())

function message(address: string, nonce: string, now: number): string {
  return [
    `shop.example wants you to sign in with your Ethereum account:`,
    address,
    '',
    'Sign in with a contract wallet.',
    '',
    'URI: https://shop.example/login',
    'Version: 1',
    `Chain ID: ${CHAIN_ID}`,
    `Nonce: ${nonce}`,
    `Issued At: ${new Date(now).toISOString()}`,
  ].join('\n')
}

describe('verifySiwe with a contract wallet (EIP-1271)', () => {
  it('accepts the owner signing for the contract only through the chain client', async () => {
    const nonces = new MemoryNonceStore()
    const now = Date.now()
    const text = message(walletAddress, await issueNonce(nonces), now)
    const signature = await owner.signMessage({ message: text })
    const base = { message: text, signature, domain: 'shop.example', chainId: CHAIN_ID, nonces, now }
    // Without a client there is no way to ask the contract: an EOA check fails.
    expect(await verifySiwe(base).catch((e: SiweError) => e.reason)).toBe('signature')
    await expect(verifySiwe({ ...base, client })).resolves.toMatchObject({ address: walletAddress })
  })

  it('rejects a stranger signing for the contract', async () => {
    const nonces = new MemoryNonceStore()
    const now = Date.now()
    const text = message(walletAddress, await issueNonce(nonces), now)
    const signature = await stranger.signMessage({ message: text })
    const error = await verifySiwe({
      message: text,
      signature,
      domain: 'shop.example',
      chainId: CHAIN_ID,
      nonces,
      now,
      client,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SiweError)
    expect((error as SiweError).reason).toBe('signature')
  })
})
