import { PlatformInputError } from '../errors.js'
import type { PlatformClient } from '../platform/client.js'
import { type CallOptions, forward } from './call-options.js'

/** Answer of a broadcast: the same for every submission of the same raw transaction. */
export interface BroadcastResult {
  hash: string
  chainId: number
}

/** Status of a transaction the platform broadcast (`GET /api/v1/tx/{hash}`). */
export interface TxStatusResult {
  hash: string
  status: 'pending' | 'confirmed' | 'failed' | 'dropped'
  blockNumber?: number
  blockHash?: string
  confirmations?: number
  /** Decimal. */
  gasUsed?: string
  reason?: string
}

/** `client.tx`. */
export interface TxService {
  /** Broadcasts a signed raw transaction (0x-hex); idempotent by hash on the platform. */
  broadcast(raw: string, options?: CallOptions): Promise<BroadcastResult>
  /** The status of a transaction by hash; 404 `tx_not_found` for one the platform never saw. */
  status(hash: string, options?: Pick<CallOptions, 'signal'>): Promise<TxStatusResult>
}

const RAW_RE = /^0x(?:[0-9a-fA-F]{2})+$/
const HASH_RE = /^0x[0-9a-fA-F]{64}$/

/**
 * Builds `client.tx` on `client`.
 *
 * @example
 * ```ts
 * const { hash } = await txService(client).broadcast(await wallet.signTransaction(tx))
 * const { status } = await txService(client).status(hash)
 * ```
 */
export function txService(client: PlatformClient): TxService {
  return {
    broadcast: async (raw, options) => {
      if (typeof raw !== 'string' || !RAW_RE.test(raw))
        throw new PlatformInputError('raw', 'A signed transaction as 0x-hex expected')
      return client.request<BroadcastResult>('POST', '/api/v1/tx/broadcast', {
        ...forward(options),
        body: { raw },
      })
    },
    status: async (hash, options) => {
      if (typeof hash !== 'string' || !HASH_RE.test(hash))
        throw new PlatformInputError('hash', 'A 32-byte 0x-hex transaction hash expected')
      return client.request<TxStatusResult>('GET', `/api/v1/tx/${hash.toLowerCase()}`, forward(options))
    },
  }
}
