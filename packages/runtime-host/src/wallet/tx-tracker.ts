import type { RpcTransactionReceipt } from '@chainless/protocol'
import type { KeyValueStore } from './kv.js'

/** Where a transaction the wallet broadcast stands (see BROADCAST.md). */
export type TxState = 'signed' | 'pending' | 'confirmed' | 'failed' | 'abandoned'

/** An ERC-2771 `ForwardRequest` as JSON: amounts and nonce as decimal strings, deadline in seconds. */
export interface ForwardRequestJson {
  from: string
  to: string
  value: string
  gas: string
  nonce: string
  deadline: number
  data: string
}

/** A transaction the wallet tracks, persisted in the {@link KeyValueStore}. */
export interface TxRecord {
  hash: string
  appId: string
  account: string
  chainId: number
  state: TxState
  raw?: string
  relay?: { appId: string; request: ForwardRequestJson; signature: string }
  createdAt: number
  updatedAt: number
  receipt?: RpcTransactionReceipt
}

/** Retry rules of {@link TxTracker}. */
export interface TxRetryOptions {
  budgetMs?: number
  baseMs?: number
  capMs?: number
}

/** Options of {@link TxTracker}. */
export interface TxTrackerOptions {
  apiUrl: string
  fetch?: typeof fetch
  store: KeyValueStore
  getSessionToken?: () => Promise<string | undefined>
  retry?: TxRetryOptions
  pollIntervalMs?: number
  onStatus: (record: TxRecord) => void
}

/** Broadcasts through the platform, persists, retries and tracks transactions. */
export class TxTracker {
  constructor(_options: TxTrackerOptions) {}
  send(_input: { appId: string; account: string; chainId: number; raw: string }): Promise<{ hash: string }> {
    throw new Error('not implemented')
  }
  relay(_input: {
    appId: string
    account: string
    chainId: number
    request: ForwardRequestJson
    signature: string
  }): Promise<{ hash: string }> {
    throw new Error('not implemented')
  }
  get(_hash: string): Promise<TxRecord | undefined> {
    throw new Error('not implemented')
  }
  list(_filter?: { appId?: string; account?: string }): Promise<TxRecord[]> {
    throw new Error('not implemented')
  }
  resume(): Promise<void> {
    throw new Error('not implemented')
  }
  stop(): void {}
}
