/** Wallet methods: registry entries, the EIP-1193 method table and types (no runtime dependency). */

import type { walletSchemas } from '../schemas/wallet.js'
import type { Scope } from '../scopes.js'
import { type MethodInfo, type MethodTypes, USER_TIMEOUT_MS } from './registry.js'

/** Params and result of the wallet bridge methods, inferred from their schemas. */
export type WalletMethods = MethodTypes<typeof walletSchemas>

/**
 * Registry entries of the wallet bridge methods. `walletRequest` carries any EIP-1193 request; its
 * scopes are those of the inner method ({@link EIP1193_METHODS}), checked by the host's dispatcher.
 */
export const WALLET_METHODS = {
  walletRequest: { scope: null, waitsForUser: true, timeoutMs: USER_TIMEOUT_MS },
  walletPay: { scope: 'asset:transfer', waitsForUser: true, timeoutMs: USER_TIMEOUT_MS },
} as const satisfies { readonly [M in keyof WalletMethods]: MethodInfo }

/**
 * What an EIP-1193 method is to the host:
 * - `connect`: `eth_requestAccounts` asks the user; `eth_accounts` answers `[]` until then;
 * - `chain`: chain id, switching, capabilities (no scope);
 * - `permissions`: EIP-2255 (`wallet_requestPermissions` is a connect);
 * - `sign`: the user confirms, the signer signs, nothing is sent;
 * - `send`: the user confirms, the signer signs, the platform broadcasts (or relays);
 * - `read`: public chain data, forwarded to the platform's read-only RPC proxy.
 */
export type Eip1193MethodKind = 'connect' | 'chain' | 'permissions' | 'sign' | 'send' | 'read'

/** One row of {@link EIP1193_METHODS}. */
export interface Eip1193MethodInfo {
  kind: Eip1193MethodKind
  /** Scopes the manifest must declare and the user must have granted (all of them). */
  scopes: readonly Scope[]
  /** Whether the call waits for the user. */
  waitsForUser: boolean
}

const row = (kind: Eip1193MethodKind, scopes: readonly Scope[], waitsForUser: boolean): Eip1193MethodInfo =>
  Object.freeze({ kind, scopes: Object.freeze(scopes), waitsForUser })

/**
 * Read-only JSON-RPC methods the host forwards to the platform's RPC proxy (public chain data, no
 * scope). The proxy's allowlist is this list: what ethers, viem and wagmi read (blocks, fees, receipts,
 * logs, code, storage).
 */
export const RPC_READ_METHODS = [
  'eth_blockNumber',
  'eth_call',
  'eth_estimateGas',
  'eth_feeHistory',
  'eth_gasPrice',
  'eth_getBalance',
  'eth_getBlockByHash',
  'eth_getBlockByNumber',
  'eth_getCode',
  'eth_getLogs',
  'eth_getStorageAt',
  'eth_getTransactionByHash',
  'eth_getTransactionCount',
  'eth_getTransactionReceipt',
  'eth_maxPriorityFeePerGas',
  'net_version',
] as const

/** One of {@link RPC_READ_METHODS}. */
export type RpcReadMethod = (typeof RPC_READ_METHODS)[number]

/**
 * The EIP-1193 methods the host serves inside `walletRequest` (DESIGN: "EIP-1193 over the bridge").
 * Anything else is 4200.
 * @see https://eips.ethereum.org/EIPS/eip-1193
 */
export const EIP1193_METHODS: { readonly [method: string]: Eip1193MethodInfo } = /* @__PURE__ */ (() => {
  const table: Record<string, Eip1193MethodInfo> = Object.create(null)
  table.eth_requestAccounts = row('connect', ['user:basic'], true)
  table.eth_accounts = row('connect', ['user:basic'], false)
  table.eth_chainId = row('chain', [], false)
  table.wallet_switchEthereumChain = row('chain', [], false)
  table.wallet_getCapabilities = row('chain', [], false)
  table.wallet_requestPermissions = row('permissions', ['user:basic'], true)
  table.wallet_getPermissions = row('permissions', [], false)
  table.personal_sign = row('sign', ['tx:sign'], true)
  table.eth_signTypedData_v4 = row('sign', ['tx:sign'], true)
  table.eth_signTransaction = row('sign', ['tx:sign'], true)
  table.eth_sendTransaction = row('send', ['tx:sign', 'tx:broadcast'], true)
  table.wallet_sendCalls = row('send', ['tx:sign', 'tx:broadcast'], true)
  table.eth_sendRawTransaction = row('send', ['tx:broadcast'], false)
  table.wallet_getCallsStatus = row('chain', [], false)
  for (const method of RPC_READ_METHODS) table[method] = row('read', [], false)
  return Object.freeze(table)
})()

/** Whether `method` is served inside `walletRequest` (own property only). */
export function isEip1193Method(method: unknown): method is string {
  return typeof method === 'string' && Object.hasOwn(EIP1193_METHODS, method)
}

/** An EIP-1193 request object, carried unchanged by `walletRequest`. */
export interface Eip1193Request {
  method: string
  params?: readonly unknown[] | Record<string, unknown>
}

/**
 * A transaction receipt as JSON-RPC returns it (hex quantities). Only the fields the suite reads are
 * typed; the rest pass through.
 */
export interface RpcTransactionReceipt {
  transactionHash: string
  blockHash: string
  blockNumber: string
  /** `0x1` success, `0x0` reverted. */
  status: string
  gasUsed: string
  from: string
  to: string | null
  contractAddress?: string | null
  logs: readonly unknown[]
  [field: string]: unknown
}

/**
 * What `wallet_getCapabilities` reports per chain (EIP-5792), keyed by hex chain id. `sponsorship`
 * is Chainless's: whether the platform pays this app's network fees (DESIGN: "Fees").
 * @see https://eips.ethereum.org/EIPS/eip-5792
 */
export interface WalletCapabilities {
  atomic: { status: 'supported' | 'ready' | 'unsupported' }
  sponsorship: { supported: boolean }
}
