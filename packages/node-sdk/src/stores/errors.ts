import { ChainlessError } from '@chainless/protocol'

/**
 * A store could not answer (Redis down, timed out, refused the command): nothing was decided, so the
 * caller must fail closed (answer 5xx and let the sender retry), never treat it as "accepted".
 *
 * @example
 * ```ts
 * try { await verifyWebhook(req, { appKey, replayStore }) } catch (e) {
 *   if (e instanceof StoreUnavailableError) return res.writeHead(503).end()
 * }
 * ```
 */
export class StoreUnavailableError extends ChainlessError {
  override name = 'StoreUnavailableError'
  /** Which operation failed (`claim`, `add`, `consume`). */
  declare readonly operation: string
  constructor(operation: string, options: { details?: string; cause?: unknown } = {}) {
    super(`Store unavailable during ${operation}`, { docsPath: 'packages/node-sdk#stores-redis', ...options })
    this.operation = operation
  }
}

/**
 * An in-memory replay store holds its maximum of live keys: it refuses new ones rather than forget
 * live ones (forgetting would let those be replayed). Raise `maxSize` or use a shared store.
 */
export class StoreFullError extends ChainlessError {
  override name = 'StoreFullError'
  /** The store's `maxSize`. */
  declare readonly maxSize: number
  constructor(maxSize: number) {
    super('Replay store full', {
      details: `${maxSize} live keys; raise maxSize or use RedisReplayStore`,
      docsPath: 'packages/node-sdk#stores-redis',
    })
    this.maxSize = maxSize
  }
}
