import { InvalidParamsError } from '@chainless/protocol'

/** The longest delay `setTimeout` honours (2³¹−1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1

/**
 * @internal Validates a timeout: a number ≥ 0 (`Infinity` included) passes; NaN, a negative number or
 * anything else is a typed -32602.
 */
export function checkTimeout(timeout: unknown): InvalidParamsError | undefined {
  return typeof timeout === 'number' && timeout >= 0 ? undefined : new InvalidParamsError('Invalid timeout')
}

/**
 * @internal `setTimeout` for a checked timeout: `Infinity` sets no timer at all (no timeout), a finite
 * delay above {@link MAX_TIMEOUT_MS} waits that maximum.
 */
export function startTimer(run: () => void, timeout: number): ReturnType<typeof setTimeout> | undefined {
  return timeout === Number.POSITIVE_INFINITY ? undefined : setTimeout(run, Math.min(timeout, MAX_TIMEOUT_MS))
}
