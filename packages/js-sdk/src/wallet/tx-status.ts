import type { TxStatus } from '@chainless/protocol'
import { HASH, isRecord, matches } from './validate.js'

/**
 * @internal A `txStatus` event as the host sent it, checked: a 32-byte `hash`, a known `status`, a
 * `receipt` object or none (`dropped` never has one). Anything else (a buggy or hostile host) is
 * `undefined` and ignored.
 */
export function parseTxStatus(data: unknown): TxStatus | undefined {
  if (!isRecord(data)) return
  const { hash, status, receipt } = data
  if (!matches(HASH, hash)) return
  if (status !== 'pending' && status !== 'confirmed' && status !== 'failed' && status !== 'dropped') return
  if (receipt === undefined || (isRecord(receipt) && status !== 'dropped')) return data as unknown as TxStatus
}

/**
 * @internal What a receipt says: `confirmed` for status `0x1`, `failed` for `0x0` (reverted);
 * `undefined` when there is none yet (`null`) or it says neither (not a receipt: keep asking).
 */
export function receiptStatus(receipt: unknown): 'confirmed' | 'failed' | undefined {
  const status = isRecord(receipt) && receipt.status
  return status === '0x1' ? 'confirmed' : status === '0x0' ? 'failed' : undefined
}
