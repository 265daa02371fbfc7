import type { ChainInfo, Manifest, Scope, UiAdapter } from '@chainless/protocol'
import type { AppHandle } from '../app-handle.js'
import type { AuditLog } from './audit.js'
import type { Policy } from './policy.js'
import type { Signer } from './signers/signer.js'
import type { TxTracker } from './tx-tracker.js'

/**
 * A chain the wallet serves: the protocol's {@link ChainInfo} plus where its JSON-RPC proxy lives and,
 * for fee sponsorship, the ERC-2771 forwarder the platform's relayer calls.
 */
export interface WalletChain extends ChainInfo {
  /** JSON-RPC endpoint (the platform's read-only proxy by default: `${apiUrl}/api/v1/rpc/${chainId}`). */
  rpcUrl: string
  /** The ERC-2771 forwarder of this chain (EIP-712 domain `name`/`version`), when apps may be sponsored. */
  forwarder?: { address: string; name: string; version: string }
  /** Checksummed standard contracts the wallet knows on this chain (from the wallet's options). */
  contracts?: readonly string[]
}

/**
 * JSON-RPC over fetch to a chain's `rpcUrl`. A JSON-RPC error rejects with `BridgeError(code, message,
 * data)`; a network failure or 5xx with `PlatformUnavailableError` (-32002).
 */
export interface RpcClient {
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>
}

/** What a wallet method handler gets: the caller, the account and chain, and the wallet's services. */
export interface WalletCallContext {
  app: AppHandle
  manifest: Manifest
  /** Checksummed; for sign/send/pay the dispatcher guarantees `user:basic` is granted for it. */
  account: string
  chain: WalletChain
  signer: Signer
  rpc: RpcClient
  ui(): Promise<UiAdapter>
  /** Aborts when the app goes away or the call times out. */
  signal: AbortSignal
  policy: Policy
  tracker: TxTracker
  audit: AuditLog
  /** Declared-but-not-granted scopes → a consent sheet for those (4001 on reject). */
  ensureScopes(scopes: readonly Scope[]): Promise<void>
  /** Checksummed: the manifest's contracts on this chain plus the standard ones the wallet knows. */
  knownContracts: readonly string[]
}

/** An EIP-1193 method handler; `params` were validated by `eip1193ParamSchemas`. */
export type Eip1193Handler = (params: readonly unknown[], ctx: WalletCallContext) => Promise<unknown>
