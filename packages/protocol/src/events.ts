import type { Theme } from './context.js'

/** Status of a broadcast transaction, as pushed to the app. */
export interface TxStatus {
  hash: string
  status: 'pending' | 'confirmed' | 'failed'
  blockNumber?: number
  confirmations?: number
}

/** Host → app events and their payloads. Fire and forget. */
export interface HostEvents {
  accountsChanged: readonly string[]
  chainChanged: string
  themeChanged: Theme
  visibilityChanged: { visible: boolean }
  backButton: Record<string, never>
  txStatus: TxStatus
  authRevoked: { scopes: readonly string[] }
}

/** A host event name. */
export type HostEventName = keyof HostEvents
