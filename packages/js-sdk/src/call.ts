import {
  defaultTimeoutOf,
  errorFromPayload,
  type MethodName,
  type MethodParams,
  type MethodResult,
  UnsupportedMethodError,
  USER_WAIT_METHODS,
} from '@chainless/protocol'
import { connect, current } from './bridge.js'
import { rememberFocus } from './focus-return.js'
import { checkTimeout, startTimer } from './timer.js'

/** Options every call takes. */
export interface CallOptions {
  /** Abort the call; it rejects with `signal.reason`. */
  signal?: AbortSignal
  /**
   * Timeout in ms, counted from the call: it bounds the handshake too when not connected yet.
   * Default from the method registry (longer for calls that wait for the user). `Infinity` means no
   * timeout; above 2³¹−1 ms it waits that maximum; NaN or a negative number rejects with -32602.
   */
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
  { signal, timeout = defaultTimeoutOf(method) }: CallOptions = {},
): Promise<MethodResult<M>> {
  const invalid = checkTimeout(timeout)
  if (invalid) return Promise.reject(invalid)
  if (signal?.aborted) return Promise.reject(signal.reason)
  // One signal for the caller's abort and its timeout, over the handshake and the call alike.
  const controller = new AbortController()
  const onAbort = () => controller.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort)
  const timer = startTimer(
    () =>
      controller.abort(
        errorFromPayload({ code: 4080, message: 'Timed out', data: { method, timeoutMs: timeout } }),
      ),
    timeout,
  )
  const invoke = (connection = current()!): Promise<unknown> =>
    connection.capabilities.has(method)
      ? connection.call(method, params, controller.signal)
      : Promise.reject(new UnsupportedMethodError('Unsupported method', { method }))
  // A sheet the call opens takes focus from the app; it comes back to where it was (focus-return.ts).
  // Only for methods that may wait for the user: a quick call never moves a focus the user changed.
  const restoreFocus = (USER_WAIT_METHODS as readonly string[]).includes(method)
    ? rememberFocus()
    : () => undefined
  return (current() ? invoke() : connect({ signal: controller.signal }).then(invoke)).finally(() => {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
    restoreFocus()
  }) as Promise<MethodResult<M>>
}
