import { formatUnits, MaxUint256, parseUnits } from 'ethers'
import { ApiProblem } from '../problem.js'

/**
 * A decimal amount in token units (`12.5`, 18 decimals) as base units, refused over 2^256 - 1.
 * @throws {ApiProblem} 400 `invalid_body` with the field's pointer
 * @example
 * ```ts
 * parseTokenAmount('12.5', '/amount') // 12500000000000000000n
 * ```
 */
export function parseTokenAmount(amount: string, pointer: string, decimals = 18): bigint {
  let value: bigint
  try {
    if (!/^(0|[1-9][0-9]{0,77})(\.[0-9]{1,18})?$/.test(amount)) throw new Error('format')
    value = parseUnits(amount, decimals)
  } catch {
    throw invalid(pointer, 'a decimal amount with at most 18 decimals, e.g. 12.5')
  }
  if (value > MaxUint256) throw invalid(pointer, 'over 2^256 - 1 base units')
  return value
}

/**
 * A decimal integer (ids, wei) as a bigint, refused over 2^256 - 1 (or under `min`).
 * @throws {ApiProblem} 400 `invalid_body`
 * @example
 * ```ts
 * parseUint('5', '/amount', 1n) // 5n
 * ```
 */
export function parseUint(value: string, pointer: string, min = 0n): bigint {
  if (!/^(0|[1-9][0-9]{0,77})$/.test(value)) throw invalid(pointer, 'a decimal integer')
  const n = BigInt(value)
  if (n > MaxUint256) throw invalid(pointer, 'over 2^256 - 1')
  if (n < min) throw invalid(pointer, `at least ${min}`)
  return n
}

/**
 * Wei as DW20 (18 decimals), without a trailing `.0`.
 * @example
 * ```ts
 * formatDw20(21000n * 10n ** 9n) // '0.000021'
 * ```
 */
export function formatDw20(wei: bigint): string {
  return formatUnits(wei, 18).replace(/\.0$/, '')
}

function invalid(pointer: string, message: string): ApiProblem {
  return new ApiProblem(400, 'invalid_body', `Bad ${pointer.slice(1)}: ${message}`, {
    errors: [{ pointer, message }],
  })
}
