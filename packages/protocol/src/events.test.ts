import { describe, expect, expectTypeOf, it } from 'vitest'
import { TX_STATUS_VALUES, type TxStatus, type TxStatusValue } from './events.js'

describe('txStatus', () => {
  it('lists every status once, `dropped` (a transaction the chain lost) among the final ones', () => {
    expect([...TX_STATUS_VALUES].sort()).toEqual(['confirmed', 'dropped', 'failed', 'pending'])
    expectTypeOf<(typeof TX_STATUS_VALUES)[number]>().toEqualTypeOf<TxStatusValue>()
    expectTypeOf<TxStatus['status']>().toEqualTypeOf<TxStatusValue>()
    // The list is exhaustive: a status added to the type without the list fails to compile here.
    const all: Record<TxStatusValue, true> = { pending: true, confirmed: true, failed: true, dropped: true }
    expect(Object.keys(all).sort()).toEqual([...TX_STATUS_VALUES].sort())
  })
})
