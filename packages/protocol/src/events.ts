import type { Theme } from './context.js'
import type { UiActionEvents } from './methods/ui-actions.js'
import type { RpcTransactionReceipt } from './methods/wallet.js'

/**
 * Status of a transaction the wallet sent for the app, as pushed to it: `pending` once broadcast,
 * then `confirmed` or `failed` (reverted) with the receipt.
 */
export interface TxStatus {
  hash: string
  status: 'pending' | 'confirmed' | 'failed'
  receipt?: RpcTransactionReceipt
}

/** Host → app events and their payloads. Fire and forget. */
export interface HostEvents extends UiActionEvents {
  /** EIP-1193: the accounts the app may see (empty when the user disconnected or revoked). */
  accountsChanged: readonly string[]
  /** EIP-1193: the hex chain id the wallet is on now. */
  chainChanged: string
  /** EIP-1193: the wallet serves RPC for `chainId` (hex). */
  connect: { chainId: string }
  /** EIP-1193: the wallet stopped serving RPC (a `ProviderRpcError` shape). */
  disconnect: { code: number; message: string }
  themeChanged: Theme
  visibilityChanged: { visible: boolean }
  backButton: Record<string, never>
  txStatus: TxStatus
  authRevoked: { scopes: readonly string[] }
}

/** A host event name. */
export type HostEventName = keyof HostEvents
