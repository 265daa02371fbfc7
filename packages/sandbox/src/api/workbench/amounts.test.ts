import { fc, test } from '@fast-check/vitest'
import { MaxUint256 } from 'ethers'
import { describe, expect, it } from 'vitest'
import { ApiProblem } from '../problem.js'
import { formatDw20, parseTokenAmount, parseUint } from './amounts.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

describe('amounts', () => {
  it('parses token amounts exactly', () => {
    expect(parseTokenAmount('12.5', '/amount')).toBe(125n * 10n ** 17n)
    expect(parseTokenAmount('0.000000000000000001', '/amount')).toBe(1n)
    expect(parseTokenAmount('0', '/amount')).toBe(0n)
  })

  it.each([
    '-1',
    '1e3',
    '0x10',
    '01',
    '1.',
    '.5',
    '1.0000000000000000001',
    ' 1',
    `1${'0'.repeat(80)}`,
    '',
    'NaN',
  ])('refuses %j', (amount) => {
    expect(() => parseTokenAmount(amount, '/amount')).toThrow(ApiProblem)
  })

  it('bounds integers by 2^256 - 1', () => {
    expect(parseUint(MaxUint256.toString(), '/id')).toBe(MaxUint256)
    expect(() => parseUint((MaxUint256 + 1n).toString(), '/id')).toThrow(ApiProblem)
    expect(() => parseUint('0', '/amount', 1n)).toThrow(/at least 1/)
  })

  test.prop([fc.bigInt({ min: 0n, max: MaxUint256 / 10n ** 18n })], {
    numRuns: RUNS,
    ...(SEED === undefined ? {} : { seed: SEED }),
  })('formatDw20 and parseTokenAmount round-trip', (units) => {
    const wei = units * 10n ** 18n + (units % 997n)
    expect(parseTokenAmount(formatDw20(wei), '/amount')).toBe(wei)
  })
})
