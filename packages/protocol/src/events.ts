import type { Theme } from './context.js'
import type { UiActionEvents } from './methods/ui-actions.js'
import type { RpcTransactionReceipt } from './methods/wallet.js'

/**
 * Where a transaction the wallet sent for the app stands: `pending` once broadcast, then one final
 * status: `confirmed` or `failed` (reverted), both with the receipt, or `dropped` (the platform's
 * chain no longer knows it, e.g. a dev chain restarted fresh: it never ran; no receipt).
 */
export type TxStatusValue = 'pending' | 'confirmed' | 'failed' | 'dropped'

/** Every {@link TxStatusValue}, for validating what arrives over the bridge. */
export const TX_STATUS_VALUES: readonly TxStatusValue[] = ['pending', 'confirmed', 'failed', 'dropped']

/**
 * The `txStatus` event: the status of a transaction the wallet sent for the app, as pushed to it
 * (see {@link TxStatusValue}). `receipt` comes with `confirmed` and `failed` only.
 */
export interface TxStatus {
  hash: string
  status: TxStatusValue
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
