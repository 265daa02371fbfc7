import type { TxStatus } from '@chainless/protocol'
import { HASH, isRecord } from './validate.js'

/**
 * @internal A `txStatus` event as the host sent it, checked: a 32-byte `hash`, a known `status`, a
 * `receipt` object or none. Anything else (a buggy or hostile host) is `undefined` and dropped.
 */
export function parseTxStatus(data: unknown): TxStatus | undefined {
  if (!isRecord(data)) return
  const { hash, status, receipt } = data
  if (typeof hash !== 'string' || !HASH.test(hash)) return
  if (status !== 'pending' && status !== 'confirmed' && status !== 'failed') return
  if (receipt === undefined || isRecord(receipt)) return data as unknown as TxStatus
}

/**
 * @internal What a receipt says: `failed` for status `0x0` (reverted), else `confirmed`; `undefined`
 * when there is none yet (`null`) or it is not a receipt object.
 */
export function receiptStatus(receipt: unknown): 'confirmed' | 'failed' | undefined {
  if (!isRecord(receipt)) return
  return receipt.status === '0x0' ? 'failed' : 'confirmed'
}
