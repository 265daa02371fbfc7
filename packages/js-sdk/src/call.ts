import {
  DEFAULT_TIMEOUT_MS,
  METHODS,
  type MethodName,
  type MethodParams,
  type MethodResult,
  UnsupportedMethodError,
} from '@chainless/protocol'
import { type Connection, connect, current } from './bridge.js'

/** Options every call takes. */
export interface CallOptions {
  /** Abort the call; it rejects with `signal.reason`. */
  signal?: AbortSignal
  /** Timeout in ms; default from the method registry (longer for calls that wait for the user). */
  timeout?: number
}

/**
 * Calls a bridge method. Connects first when {@link ready} has not run. Rejects with the protocol's
 * typed errors: 4080 on timeout, 4900 when the host goes away, 4200 when the host does not serve it.
 *
 * @example
 * ```ts
 * const { time } = await call('ping', undefined, { timeout: 500 })
 * ```
 */
export function call<M extends MethodName>(
  method: M,
  params: MethodParams<M>,
  options: CallOptions = {},
): Promise<MethodResult<M>> {
  const connection = current()
  if (connection) return invoke(connection, method, params, options)
  return connect({ signal: options.signal }).then((c) => invoke(c, method, params, options))
}

function invoke<M extends MethodName>(
  connection: Connection,
  method: M,
  params: MethodParams<M>,
  options: CallOptions,
): Promise<MethodResult<M>> {
  if (!connection.capabilities.has(method)) {
    return Promise.reject(new UnsupportedMethodError('Unsupported method', { method }))
  }
  const timeout = options.timeout ?? METHODS[method]?.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return connection.call(method, params, timeout, options.signal) as Promise<MethodResult<M>>
}
