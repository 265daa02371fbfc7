import { describe, expect, it, vi } from 'vitest'
import type { InspectedCall } from '../inspector.js'
import { type BridgeLogEntry, createBridgeLog, rpcMethodOf } from './bridge-log.js'
import { MASK } from './mask.js'

let seq = 0
const call = (over: Partial<InspectedCall> = {}): InspectedCall => ({
  seq: ++seq,
  appId: 'hello',
  account: '',
  method: 'ping',
  params: undefined,
  at: Date.now(),
  origin: 'app',
  ...over,
})

describe('BridgeLog', () => {
  it('records a call pending, then updates it in place when it settles', () => {
    const log = createBridgeLog()
    const seen: BridgeLogEntry[] = []
    log.subscribe((entry) => seen.push(entry))
    const c = call({ method: 'walletRequest', params: { method: 'eth_chainId' } })
    log.call(c)
    expect(log.entries()).toEqual([
      expect.objectContaining({ id: c.seq, kind: 'call', status: 'pending', rpcMethod: 'eth_chainId' }),
    ])
    log.settled(c, { ok: true, result: '0x1' }, 3.5, false)
    expect(log.entries()).toEqual([
      expect.objectContaining({ id: c.seq, status: 'ok', result: '0x1', durationMs: 3.5, mocked: false }),
    ])
    // Once per change: added, then updated.
    expect(seen.map((e) => e.status)).toEqual(['pending', 'ok'])
  })

  it('is a ring buffer of `capacity` entries, oldest first; an evicted call is not resurrected', () => {
    const log = createBridgeLog(3)
    const calls = Array.from({ length: 5 }, () => call())
    for (const c of calls) log.call(c)
    expect(log.capacity).toBe(3)
    expect(log.entries().map((e) => e.id)).toEqual(calls.slice(2).map((c) => c.seq))
    log.settled(calls[0]!, { ok: true, result: 1 }, 1, false)
    expect(log.entries()).toHaveLength(3)
    expect(log.entries().every((e) => e.status === 'pending')).toBe(true)
    log.settled(calls[4]!, { ok: false, error: { code: 4001, message: 'No' } }, 1, true)
    expect(log.entries()[2]).toMatchObject({ status: 'error', error: { code: 4001 }, mocked: true })
  })

  it('records events and refusals with unique negative ids', () => {
    const log = createBridgeLog()
    log.event('hello', '0xA', 'themeChanged', 'dark', true)
    log.event('hello', '0xA', 'accountsChanged', [], false)
    log.refused('hello', '0xA', { code: 4200, message: 'Unsupported method' }, undefined)
    expect(log.entries().map((e) => [e.id, e.kind, e.method, e.origin, e.status])).toEqual([
      [-1, 'event', 'themeChanged', 'host', 'ok'],
      [-2, 'event', 'accountsChanged', 'host', 'error'],
      [-3, 'refused', '', 'app', 'error'],
    ])
  })

  it('filters by app, text (method or rpcMethod), status and kind', () => {
    const log = createBridgeLog()
    const send = call({ method: 'walletRequest', params: { method: 'eth_sendTransaction' } })
    log.call(send)
    log.call(call({ appId: 'other', method: 'storageGet', params: { key: 'k' } }))
    log.event('hello', '', 'themeChanged', 'dark', true)
    expect(log.entries({ appId: 'other' }).map((e) => e.method)).toEqual(['storageGet'])
    expect(log.entries({ text: 'SENDTRANS' }).map((e) => e.id)).toEqual([send.seq])
    expect(log.entries({ text: 'theme' })).toHaveLength(1)
    expect(log.entries({ status: 'pending' })).toHaveLength(2)
    expect(log.entries({ kind: 'event' })).toHaveLength(1)
    expect(log.entries({ appId: 'hello', status: 'ok', kind: 'call' })).toHaveLength(0)
  })

  it('records nothing new while paused, but settles calls already in it', () => {
    const log = createBridgeLog()
    const before = call()
    log.call(before)
    log.pause()
    expect(log.paused).toBe(true)
    const during = call()
    log.call(during)
    log.event('hello', '', 'themeChanged', 'dark', true)
    log.refused('hello', '', { code: 4200, message: 'x' }, 'nope')
    log.settled(before, { ok: true, result: null }, 1, false)
    log.settled(during, { ok: true, result: null }, 1, false)
    expect(log.entries().map((e) => [e.id, e.status])).toEqual([[before.seq, 'ok']])
    log.resume()
    log.call(during)
    expect(log.entries()).toHaveLength(2)
  })

  it('clears everything or one app', () => {
    const log = createBridgeLog(4)
    const mine = call()
    log.call(mine)
    log.call(call({ appId: 'other' }))
    log.clear('other')
    expect(log.entries().map((e) => e.appId)).toEqual(['hello'])
    // Still updatable after the rebuild.
    log.settled(mine, { ok: true, result: 1 }, 1, false)
    expect(log.entries()[0]!.status).toBe('ok')
    for (let i = 0; i < 6; i++) log.call(call())
    expect(log.entries()).toHaveLength(4)
    log.clear()
    expect(log.entries()).toEqual([])
  })

  it('exports JSON with sensitive values masked unless revealed', () => {
    const log = createBridgeLog()
    const token = 'eyJhbGciOiJFUzI1NiJ9.payload.sigX'
    const signature = `0x${'ab'.repeat(64)}cdef`
    const auth = call({ method: 'authGetAccessToken', params: undefined })
    log.call(auth)
    log.settled(auth, { ok: true, result: { accessToken: token, expiresAt: 1 } }, 1, false)
    const sign = call({
      method: 'walletRequest',
      params: { method: 'personal_sign', params: ['0x68', '0x1'] },
    })
    log.call(sign)
    log.settled(sign, { ok: true, result: signature }, 1, false)
    const masked = log.export()
    expect(masked).not.toContain(token)
    expect(masked).not.toContain(signature)
    const parsed = JSON.parse(masked) as BridgeLogEntry[]
    expect(parsed[0]!.result).toEqual({ accessToken: `${MASK}sigX`, expiresAt: 1 })
    expect(parsed[1]!.result).toBe(`${MASK}cdef`)
    const revealed = log.export({ reveal: true })
    expect(revealed).toContain(token)
    expect(revealed).toContain(signature)
    expect(JSON.parse(log.export({ kind: 'event' }))).toEqual([])
  })

  it('a throwing listener does not stop the others', () => {
    const log = createBridgeLog()
    const second = vi.fn()
    const offBad = log.subscribe(() => {
      throw new Error('listener bug')
    })
    const off = log.subscribe(second)
    const uncaught = vi.fn()
    const queue = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation(uncaught)
    try {
      log.call(call())
    } finally {
      queue.mockRestore()
    }
    expect(second).toHaveBeenCalledTimes(1)
    expect(uncaught).toHaveBeenCalledTimes(1)
    off()
    offBad()
    log.call(call())
    expect(second).toHaveBeenCalledTimes(1)
  })
})

describe('rpcMethodOf', () => {
  it('reads the EIP-1193 method of a walletRequest only', () => {
    expect(rpcMethodOf('walletRequest', { method: 'eth_call' })).toBe('eth_call')
    expect(rpcMethodOf('walletRequest', { method: 1 })).toBeUndefined()
    expect(rpcMethodOf('walletRequest', null)).toBeUndefined()
    expect(rpcMethodOf('storageGet', { method: 'eth_call' })).toBeUndefined()
  })
})
