import { expect, it } from 'vitest'
import {
  BridgeError,
  DisconnectedError,
  ErrorCode,
  errorFromPayload,
  InternalError,
  RateLimitedError,
  toErrorPayload,
  UserRejectedError,
} from './errors.js'

it('round-trips every code to its typed class', () => {
  for (const code of Object.values(ErrorCode)) {
    const error = errorFromPayload({ code, message: 'm', data: { x: 1 } })
    expect(error).toBeInstanceOf(BridgeError)
    expect(error.code).toBe(code)
    expect(error.toJSON()).toEqual({ code, message: 'm', data: { x: 1 } })
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
