import { type AppContext, UnauthorizedError } from '@chainless/protocol'
import { type ConnectOptions, connect, sendReady } from './bridge.js'

/** Options of {@link ready}. */
export interface ReadyOptions extends ConnectOptions {}

/**
 * Connects to the host and tells it the app has rendered (the host drops its splash); resolves with
 * the context as soon as the handshake is done. The `ready` notice is not awaited: the port is
 * ordered, so the host sees it before any later call, and cold start saves a round trip. Outside a host
 * it rejects with 4900 (`DisconnectedError`) within `timeout` (default 1000 ms) — it never hangs.
 * Calling it again returns the same connection.
 *
 * @example
 * ```ts
 * import { ready } from '@chainless/js-sdk'
 * const context = await ready()
 * document.documentElement.dataset.theme = context.theme
 * ```
 */
export async function ready(options: ReadyOptions = {}): Promise<AppContext> {
  const connection = await connect(options)
  // The handshake may have been started by an earlier call without pinning: check it here too.
  // A host that is not pinned gets no further call from anyone: the session ends here.
  if (options.hostOrigins && !options.hostOrigins.includes(connection.hostOrigin)) {
    connection.disconnect('host origin not pinned')
    throw new UnauthorizedError('Host origin not allowed', { origin: connection.hostOrigin })
  }
  sendReady(connection)
  return connection.context
}
