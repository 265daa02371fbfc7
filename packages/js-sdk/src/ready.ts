import type { AppContext } from '@chainless/protocol'
import { type ConnectOptions, connect } from './bridge.js'

/** Options of {@link ready}. */
export interface ReadyOptions extends ConnectOptions {}

/**
 * Connects to the host and tells it the app has rendered; resolves with the context. Outside a host
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
  await connection.call('ready', undefined, 10_000, options.signal)
  return connection.context
}
