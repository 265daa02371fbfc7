import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { isJsonContentType, parseJsonBody, readBody } from './body.js'
import { KnobsError, knobFor, parseKnobFlags } from './knobs.js'
import { ApiProblem } from './problem.js'
import { RateLimiter } from './rateLimit.js'

describe('RateLimiter', () => {
  it('allows a burst of capacity, then answers the seconds to wait, and refills', () => {
    let now = 0
    const rl = new RateLimiter({ capacity: 2, refillPerSecond: 0.25 }, () => now)
    expect(rl.take('a')).toBe(0)
    expect(rl.take('a')).toBe(0)
    expect(rl.take('a')).toBe(4)
    expect(rl.take('b')).toBe(0) // per key
    now += 4000
    expect(rl.take('a')).toBe(0)
    expect(rl.take('a')).toBeGreaterThan(0)
    expect(() => new RateLimiter({ capacity: 0 })).toThrow(RangeError)
  })
})

describe('parseKnobFlags / knobFor', () => {
  it('parses OPERATION.FIELD=VALUE flags', () => {
    expect(parseKnobFlags(['getApp.latencyMs=200', '*.failureRate=0.05', 'getApp.status=503'])).toEqual({
      getApp: { latencyMs: 200, status: 503 },
      '*': { failureRate: 0.05 },
    })
    expect(knobFor({ '*': { latencyMs: 1, status: 500 }, getApp: { status: 418 } }, 'getApp')).toEqual({
      latencyMs: 1,
      status: 418,
    })
  })
  it('parses the counters and Retry-After; names the valid targets of an unknown one', () => {
    expect(
      parseKnobFlags(['sendMessage.failNext=2', 'putStorageValue.failAfterNext=1', '*.retryAfterSeconds=5']),
    ).toEqual({
      sendMessage: { failNext: 2 },
      putStorageValue: { failAfterNext: 1 },
      '*': { retryAfterSeconds: 5 },
    })
    expect(() => parseKnobFlags(['sendMesage.failNext=1'])).toThrow(/one of \*, .*trackEvents/)
  })
  it.each([
    'getApp.failNext=1.5',
    'getApp.failAfterNext=-1',
    'getApp.retryAfterSeconds=86401',
    'getApp.latency=1',
    'nope.latencyMs=1',
    'getApp.failureRate=1.5',
    'getApp.status=200',
    'getApp.latencyMs=-1',
    'getApp',
  ])('refuses %s with KnobsError', (flag) => {
    expect(() => parseKnobFlags([flag])).toThrow(KnobsError)
  })
})

describe('body parsing', () => {
  const req = (chunks: (string | Buffer)[], headers: Record<string, string> = {}) =>
    Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers }) as unknown as IncomingMessage
  it('reads bodies within the limit; 413 when declared or streamed over it', async () => {
    expect((await readBody(req(['ab', 'cd']), 4)).toString()).toBe('abcd')
    await expect(readBody(req(['abc', 'de']), 4)).rejects.toMatchObject({
      status: 413,
      code: 'payload_too_large',
    })
    await expect(readBody(req([], { 'content-length': '5' }), 4)).rejects.toBeInstanceOf(ApiProblem)
  })
  it('parses strict UTF-8 JSON only', () => {
    expect(parseJsonBody(Buffer.from('{"a":1}'))).toEqual({ a: 1 })
    for (const bad of [
      Buffer.from('{"a":'),
      Buffer.from('\ufeff{}'),
      Buffer.from([0x7b, 0xff, 0x7d]),
      Buffer.from(''),
    ])
      expect(() => parseJsonBody(bad)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_json' }))
  })
  it('accepts application/json with utf-8 charset only', () => {
    const r = (ct?: string) => ({ headers: ct ? { 'content-type': ct } : {} }) as IncomingMessage
    expect(isJsonContentType(r('application/json'))).toBe(true)
    expect(isJsonContentType(r('Application/JSON; charset=UTF-8'))).toBe(true)
    expect(isJsonContentType(r('application/json; charset=latin1'))).toBe(false)
    expect(isJsonContentType(r('text/plain'))).toBe(false)
    expect(isJsonContentType(r())).toBe(false)
  })
})
