// @ts-check

/**
 * The `p`-th percentile (0..100) of `values`, nearest-rank method.
 * @see https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method
 * @param {readonly number[]} values
 * @param {number} p
 */
export function percentile(values, p) {
  if (values.length === 0) throw new RangeError('percentile of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return /** @type {number} */ (sorted[rank - 1])
}

/** @param {readonly number[]} values */
export const median = (values) => percentile(values, 50)

/**
 * Rounds to `digits` significant decimals, for the report.
 * @param {number} value
 * @param {number} [digits]
 */
export const round = (value, digits = 4) => Number(value.toFixed(digits))
