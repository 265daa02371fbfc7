// @ts-check

/**
 * One line of bench/results.json. `budget` applies to `ratio` when the entry has one, else to
 * `value`; `null` means reported only.
 * @typedef {object} Entry
 * @property {string} id
 * @property {number} value
 * @property {string} unit
 * @property {number | null} baseline same unit as `value`, measured in the same run
 * @property {number | null} ratio `value / baseline`
 * @property {{max?: number, min?: number} | null} budget
 * @property {Record<string, unknown>} [detail] how it was measured, raw figures
 */

/**
 * Whether `entry` is within its budget (true when it has none).
 * @param {Entry} entry
 */
export function withinBudget(entry) {
  if (!entry.budget) return true
  const measured = entry.ratio ?? entry.value
  const { max, min } = entry.budget
  return (max === undefined || measured <= max) && (min === undefined || measured >= min)
}
