import { expect, it } from 'vitest'
import {
  BridgeError,
  ChainlessError,
  DisconnectedError,
  ErrorCode,
  errorFromPayload,
  InternalError,
  jsonSafe,
  LimitExceededError,
  MAX_ERROR_DATA_BYTES,
  PlatformUnavailableError,
  PolicyRefusedError,
  RateLimitedError,
  toErrorPayload,
  UnknownChainError,
  UserRejectedError,
} from './errors.js'

it('round-trips every code to its typed class', () => {
  for (const code of Object.values(ErrorCode)) {
    const error = errorFromPayload({ code, message: 'm', data: { x: 1 } })
    expect(error).toBeInstanceOf(BridgeError)
    expect(error.code).toBe(code)
    // -32603 never carries data on the wire.
    expect(error.toJSON()).toEqual(
      code === ErrorCode.Internal ? { code, message: 'm' } : { code, message: 'm', data: { x: 1 } },
    )
  }
  expect(errorFromPayload({ code: 4001, message: 'no' })).toBeInstanceOf(UserRejectedError)
  expect(errorFromPayload({ code: 4900, message: 'gone' })).toBeInstanceOf(DisconnectedError)
  expect(errorFromPayload({ code: 4290, message: 'slow' })).toBeInstanceOf(RateLimitedError)
})

it('keeps unknown codes as BridgeError and turns junk into InternalError', () => {
  expect(errorFromPayload({ code: 1234, message: 'x' }).constructor).toBe(BridgeError)
  for (const junk of [
    null,
    'x',
    { code: '4001', message: 'x' },
    { code: 4001 },
    { code: 1.5, message: '' },
  ]) {
    expect(errorFromPayload(junk)).toBeInstanceOf(InternalError)
  }
  expect(errorFromPayload({ code: 1, message: 'x'.repeat(5000) }).message).toHaveLength(1000)
})

it('never puts a stack or a foreign message on the wire', () => {
  expect(toErrorPayload(new Error('secret path /home/x'))).toEqual({
    code: -32603,
    message: 'Internal error',
  })
  expect(toErrorPayload('boom')).toEqual({ code: -32603, message: 'Internal error' })
  expect(JSON.stringify(toErrorPayload(new UserRejectedError()))).not.toContain('stack')
})

it('derives every error from one root with a short message, details, docs path and a local cause', () => {
  const cause = new Error('upstream /home/x/file.ts:12')
  const error = new InternalError('Broadcast failed', { hash: '0x1' }, { cause, details: 'the node said no' })
  expect(error).toBeInstanceOf(ChainlessError)
  expect(error.shortMessage).toBe('Broadcast failed')
  expect(error.message).toBe('Broadcast failed\n\nDetails: the node said no')
  expect(error.cause).toBe(cause)
  expect(error.docsPath).toBe('packages/protocol#errors')
  // -32603 carries nothing: no data, no details, no cause.
  expect(error.toJSON()).toEqual({ code: -32603, message: 'Broadcast failed' })
  expect(toErrorPayload(error)).toEqual({ code: -32603, message: 'Internal error' })
  const limited = new RateLimitedError('Rate limited', { retryAfterMs: 5 })
  expect(JSON.stringify(limited)).toBe('{"code":4290,"message":"Rate limited","data":{"retryAfterMs":5}}')
  expect(new UnknownChainError().code).toBe(4902)
  expect(new PlatformUnavailableError().code).toBe(-32002)
  expect(new PolicyRefusedError().code).toBe(-32003)
  expect(new LimitExceededError().code).toBe(-32005)
})

it('sends only JSON-safe data: getters, class instances, cycles and oversize data are dropped', () => {
  const wire = (error: BridgeError) => toErrorPayload(error)
  let called = false
  const withGetter = {
    get x() {
      called = true
      return 1
    },
  }
  expect(wire(new UserRejectedError('no', withGetter))).toEqual({ code: 4001, message: 'no', data: {} })
  expect(called).toBe(false)
  expect(wire(new UserRejectedError('no', new Error('x')))).toEqual({ code: 4001, message: 'no' })
  const cycle: Record<string, unknown> = {}
  cycle.self = cycle
  expect(wire(new UserRejectedError('no', cycle)).data).toBeUndefined()
  expect(wire(new UserRejectedError('no', { big: 'x'.repeat(MAX_ERROR_DATA_BYTES) })).data).toBeUndefined()
  expect(wire(new UserRejectedError('no', { n: Number.NaN })).data).toBeUndefined()
  // Holes cost budget too: a huge sparse array is refused at once, not walked 2³²−1 times.
  const started = performance.now()
  expect(jsonSafe(new Array(2 ** 32 - 1), 1000)).toBeUndefined()
  expect(performance.now() - started).toBeLessThan(1000)
  const hostile = JSON.parse('{"__proto__":{"polluted":1},"toString":1}')
  const copy = jsonSafe(hostile, 100) as Record<string, unknown>
  expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
  expect(Object.hasOwn(copy, '__proto__')).toBe(true)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})
