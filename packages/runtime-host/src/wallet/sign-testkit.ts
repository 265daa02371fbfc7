/**
 * @internal A fake {@link WalletCallContext} for the signing and sending handlers' unit tests: a real
 * ethers key as the signer, an RPC answering like the sandbox chain, a UI, policy, tracker and audit
 * log that record what they were asked. Not exported from the package.
 */
import {
  CHAINLESS_DEV_CHAIN,
  type Confirmation,
  type Manifest,
  type SignMessageRequest,
  type SignTypedDataRequest,
  type TransactionRequest,
  type TypedData,
  type UiAdapter,
  UserRejectedError,
} from '@chainless/protocol'
import { AbiCoder, getBytes, Interface, keccak256, Transaction, Wallet } from 'ethers'
import type { AppHandle } from '../app-handle.js'
import { CRC20_ABI } from './abis.js'
import type { WalletCallContext } from './call-context.js'
import type { Signer } from './signers/signer.js'

/** Hardhat / Anvil test account 0 (public key material, test only). */
export const TEST_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
export const TEST_ACCOUNT: string = new Wallet(TEST_KEY).address
/** Test account 1: somebody else. */
export const OTHER_KEY = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
export const OTHER_ACCOUNT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
export const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
export const FORWARDER = '0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9'
export const CHAIN_ID = CHAINLESS_DEV_CHAIN.chainId

/** A signer over an ethers key that records every call; `tamper` lets a test make it misbehave. */
export class RecordingSigner implements Signer {
  readonly calls: { method: string; request: unknown }[] = []
  /** Replaces what the signer signs (a hostile or buggy signer). */
  tamper: { transaction?: (unsigned: string) => string; typedData?: (t: TypedData) => TypedData } = {}
  constructor(readonly wallet: Wallet = new Wallet(TEST_KEY)) {}
  async getAddresses(): Promise<readonly string[]> {
    return [this.wallet.address]
  }
  async signMessage(request: { address: string; message: string }): Promise<string> {
    this.calls.push({ method: 'signMessage', request: structuredClone(request) })
    return this.wallet.signMessage(getBytes(request.message))
  }
  async signTypedData(request: { address: string; typedData: TypedData }): Promise<string> {
    this.calls.push({ method: 'signTypedData', request: structuredClone(request) })
    const t = this.tamper.typedData ? this.tamper.typedData(request.typedData) : request.typedData
    const { EIP712Domain: _, ...types } = t.types
    return this.wallet.signTypedData(
      t.domain as Record<string, unknown>,
      types as Record<string, { name: string; type: string }[]>,
      t.message,
    )
  }
  async signTransaction(request: { address: string; transaction: string }): Promise<string> {
    this.calls.push({ method: 'signTransaction', request: structuredClone(request) })
    const bytes = this.tamper.transaction ? this.tamper.transaction(request.transaction) : request.transaction
    return this.wallet.signTransaction(Transaction.from(bytes))
  }
}

type UiCall =
  | { kind: 'signMessage'; request: SignMessageRequest }
  | { kind: 'signTypedData'; request: SignTypedDataRequest }
  | { kind: 'transaction'; request: TransactionRequest }

/** A UI that confirms (or rejects) and records each request, deep-copied as shown. */
export class RecordingUi {
  readonly calls: UiCall[] = []
  reject = false
  /** Runs while the sheet is "open" (between showing and the user's confirmation). */
  whileOpen: (() => void | Promise<void>) | undefined
  adapter(): UiAdapter {
    const answer = async (call: UiCall): Promise<Confirmation> => {
      const { signal: _, ...shown } = call.request
      this.calls.push({ kind: call.kind, request: structuredClone(shown) } as UiCall)
      await this.whileOpen?.()
      if (this.reject) throw new UserRejectedError()
      return { confirmed: true }
    }
    const never = () => Promise.reject(new Error('not used'))
    return {
      consent: never,
      securityNotice: never,
      appInfo: never,
      signMessage: (request) => answer({ kind: 'signMessage', request }),
      signTypedData: (request) => answer({ kind: 'signTypedData', request }),
      transaction: (request) => answer({ kind: 'transaction', request }),
    }
  }
}

/** Manifest of the test app. */
export function testManifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    appId: 'demo',
    name: 'Demo',
    version: '1.0.0',
    origin: 'http://demo.localhost:8090',
    entryUrl: 'http://demo.localhost:8090/',
    scopes: ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:transfer'],
    contracts: [{ chainId: CHAIN_ID, address: TOKEN, name: 'Test coin' }],
    ...overrides,
  } as Manifest
}

const coder = AbiCoder.defaultAbiCoder()
const erc20 = new Interface(CRC20_ABI)

/** Everything a fake context records, and the knobs tests turn. */
export interface FakeWorld {
  ctx: WalletCallContext
  signer: RecordingSigner
  ui: RecordingUi
  rpcCalls: { method: string; params: readonly unknown[] }[]
  /** Answers by method; a function gets the params. */
  rpc: Record<string, unknown>
  policyCalls: { method: string; input: unknown }[]
  policyWarnings: { level: 'info' | 'warning' | 'danger'; message: string }[]
  policyHits: string[]
  sent: { appId: string; account: string; chainId: number; raw: string }[]
  relayed: unknown[]
  audit: unknown[]
  /** States of tracked transactions by hash, for `tracker.get`. */
  records: Map<string, { state: string; receipt?: unknown }>
}

/** A fake call context on the dev chain for {@link TEST_ACCOUNT}. */
export function fakeContext(options: { manifest?: Manifest; forwarder?: boolean } = {}): FakeWorld {
  const signer = new RecordingSigner()
  const ui = new RecordingUi()
  const world: Omit<FakeWorld, 'ctx'> = {
    signer,
    ui,
    rpcCalls: [],
    rpc: {
      // The chain's pending count grows as the fake tracker broadcasts.
      eth_getTransactionCount: () => `0x${(7 + world.sent.length).toString(16)}`,
      eth_getBlockByNumber: { gasLimit: '0x1c9c380', baseFeePerGas: '0x3b9aca00' },
      eth_estimateGas: '0xc350', // 50,000
      eth_maxPriorityFeePerGas: '0x3b9aca00',
      eth_gasPrice: '0x77359400',
      eth_getCode: (params: readonly unknown[]) =>
        String(params[0]).toLowerCase() === TOKEN.toLowerCase() ||
        String(params[0]).toLowerCase() === FORWARDER.toLowerCase()
          ? '0x6080604052'
          : '0x',
      eth_call: (params: readonly unknown[]) => {
        const call = params[0] as { to: string; data: string }
        const selector = call.data.slice(0, 10)
        if (selector === erc20.getFunction('symbol')?.selector) return coder.encode(['string'], ['CTC'])
        if (selector === erc20.getFunction('decimals')?.selector) return coder.encode(['uint8'], [18])
        if (selector === '0x7ecebe00') return coder.encode(['uint256'], [3n]) // nonces(address)
        return '0x'
      },
    },
    policyCalls: [],
    policyWarnings: [],
    policyHits: [],
    sent: [],
    relayed: [],
    audit: [],
    records: new Map(),
  }
  const manifest = options.manifest ?? testManifest()
  const controller = new AbortController()
  const ctx = {
    app: {} as AppHandle,
    manifest,
    account: TEST_ACCOUNT,
    chain: {
      ...CHAINLESS_DEV_CHAIN,
      rpcUrl: 'http://rpc.invalid',
      ...(options.forwarder
        ? { forwarder: { address: FORWARDER, name: 'ChainlessForwarder', version: '1' } }
        : {}),
    },
    signer,
    rpc: {
      async request<T>(method: string, params: readonly unknown[] = []): Promise<T> {
        world.rpcCalls.push({ method, params: structuredClone(params) })
        const answer = world.rpc[method]
        if (answer === undefined) throw new Error(`fake rpc: no answer for ${method}`)
        if (answer instanceof Error) throw answer
        return (typeof answer === 'function' ? answer(params) : structuredClone(answer)) as T
      },
    },
    ui: async () => ui.adapter(),
    signal: controller.signal,
    policy: {
      async checkTransaction(input: unknown) {
        world.policyCalls.push({ method: 'checkTransaction', input })
        return { warnings: [...world.policyWarnings], hits: [...world.policyHits] }
      },
      async checkTypedData(input: unknown) {
        world.policyCalls.push({ method: 'checkTypedData', input })
        return { warnings: [...world.policyWarnings], hits: [...world.policyHits] }
      },
      checkMessage(input: unknown) {
        world.policyCalls.push({ method: 'checkMessage', input })
        return { warnings: [...world.policyWarnings], hits: [...world.policyHits] }
      },
      async recordSent(input: unknown) {
        world.policyCalls.push({ method: 'recordSent', input })
      },
    },
    tracker: {
      async send(input: { appId: string; account: string; chainId: number; raw: string }) {
        world.sent.push(input)
        const hash = keccak256(input.raw)
        world.records.set(hash, { state: 'pending' })
        return { hash }
      },
      async relay(input: { signature: string }) {
        world.relayed.push(input)
        const hash = keccak256(input.signature)
        world.records.set(hash, { state: 'pending' })
        return { hash }
      },
      async get(hash: string) {
        const record = world.records.get(hash)
        return record && { hash, appId: manifest.appId, account: TEST_ACCOUNT, chainId: CHAIN_ID, ...record }
      },
      async list() {
        return []
      },
      async resume() {},
      stop() {},
    },
    audit: {
      async append(entry: unknown) {
        world.audit.push(entry)
      },
    },
    ensureScopes: async () => {},
    knownContracts: [TOKEN],
  } as unknown as WalletCallContext
  return { ...world, ctx }
}
