/**
 * Formats an integer amount of the smallest unit (e.g. wei) with `decimals`, exactly (no rounding:
 * a confirmation must show what will be sent), grouped for `locale`, always in Latin digits
 * (`numberingSystem: 'latn'`), so an amount never mixes two digit systems.
 * @throws TypeError when `value` is not a non-negative integer or `decimals` is out of range.
 * @example
 * ```ts
 * formatUnits('1500000000000000000', 18) // '1.5'
 * formatUnits(1234567n, 2, 'en') // '12,345.67'
 * ```
 */
export function formatUnits(value: string | bigint, decimals: number, locale = 'en'): string {
  const text = typeof value === 'bigint' ? value.toString() : value
  if (typeof text !== 'string' || !/^\d+$/.test(text))
    throw new TypeError('Invalid amount: expected a non-negative integer')
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) throw new TypeError('Invalid decimals')
  const n = BigInt(text)
  const base = 10n ** BigInt(decimals)
  const whole = n / base
  const fraction = decimals ? (n % base).toString().padStart(decimals, '0').replace(/0+$/, '') : ''
  // Latin digits always: the fraction is ASCII, and ar / fa / bn locales would format the whole
  // part in their own digits, mixing two digit systems in one amount.
  const latn = { numberingSystem: 'latn' }
  const fmt = new Intl.NumberFormat(locale, { ...latn, maximumFractionDigits: 0 })
  const sep =
    new Intl.NumberFormat(locale, latn).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.'
  return fmt.format(whole) + (fraction ? sep + fraction : '')
}
