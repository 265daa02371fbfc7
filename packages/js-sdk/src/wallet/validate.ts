import { InvalidParamsError } from '@chainless/protocol'

/** @internal A 20-byte address, any case: the wallet checks EIP-55 (it carries a Keccak, we do not). */
export const ADDRESS = /^0x[0-9a-fA-F]{40}$/
/** @internal A 32-byte hash. */
export const HASH = /^0x[0-9a-fA-F]{64}$/

/** @internal The -32602 the host would send, with the same `data.issues` shape, before anything is sent. */
export function invalid(path: string, message: string): InvalidParamsError {
  return new InvalidParamsError('Invalid params', { issues: [{ path, message }] })
}

/** @internal Whether `value` is a string that matches `pattern` (no coercion of other types). */
export const matches = (pattern: RegExp, value: unknown): value is string =>
  typeof value === 'string' && pattern.test(value)

/** @internal Whether `value` is an object that is not an array (a request, a transaction). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
