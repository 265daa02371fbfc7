import { ChainlessError } from '@chainless/protocol'

/**
 * Thrown when the wallet passes an option the runtime host cannot work with (e.g. a rate limit of
 * `NaN` per second). A programming error of the wallet, raised where the option is given.
 *
 * @example
 * ```ts
 * try { new TokenBucket({ capacity: 0, refillPerSecond: 1 }) } catch (e) { if (e instanceof InvalidOptionError) console.error(e.option) }
 * ```
 */
export class InvalidOptionError extends ChainlessError {
  override name = 'InvalidOptionError'
  /** Dotted name of the refused option, e.g. `rateLimit.capacity`. */
  readonly option: string
  constructor(option: string, expected: string) {
    super(`Invalid option ${option}`, {
      details: `Expected ${expected}.`,
      docsPath: 'packages/runtime-host#api',
    })
    this.option = option
  }
}
