import { InvalidOptionError } from './invalid-option-error.js'

/** Bounds of a numeric option. */
interface Bounds {
  min: number
  max: number
}

/**
 * A numeric option: `fallback` when absent, else a finite number within `[min, max]`. A timer
 * longer than 2³¹−1 ms fires at once, so no duration option may exceed it.
 */
export function numberOption(name: string, value: unknown, fallback: number, bounds: Bounds): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidOptionError(name, 'a finite number')
  }
  if (value < bounds.min || value > bounds.max) {
    throw new InvalidOptionError(name, `a number from ${bounds.min} to ${bounds.max}`)
  }
  return value
}

/** Longest duration a timer can wait (2³¹−1 ms). */
export const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * The origin of `value` (`new URL(value).origin`): `https://wallet.example/` and
 * `https://WALLET.example:443` are both `https://wallet.example`. Opaque origins are refused.
 */
export function originOption(name: string, value: unknown): string {
  if (typeof value !== 'string') throw new InvalidOptionError(name, 'an origin string')
  let origin: string
  try {
    origin = new URL(value).origin
  } catch {
    throw new InvalidOptionError(name, 'an origin such as https://wallet.example')
  }
  if (origin === 'null') throw new InvalidOptionError(name, 'an origin that is not opaque')
  return origin
}

/** The origin of a URL, or `undefined` when it has none. Never throws. */
export function originOf(value: string): string | undefined {
  try {
    const origin = new URL(value).origin
    return origin === 'null' ? undefined : origin
  } catch {
    return undefined
  }
}
