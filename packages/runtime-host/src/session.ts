import {
  DisconnectedError,
  type DisconnectMessage,
  ErrorCode,
  type ErrorPayload,
  type EventMessage,
  type HostEventName,
  type HostEvents,
  InternalError,
  METHODS,
  type MethodName,
  TimeoutError,
  toErrorPayload,
} from '@chainless/protocol'
import { type Endpoint, expose } from 'comlink'
import { type CallTracer, isMockedError, type TracedCall } from './call-tracer.js'
import { CUT_OFF, DROP, FloodGate, type FloodOptions } from './flood-gate.js'
import { guardMessage, usableId } from './guard.js'
import { measureJsonLike } from './measure.js'
import type { TokenBucket } from './rate-limit.js'

/**
 * Runs a validated call. `signal` aborts when the call times out or the session ends. `trace` is
 * set when the host has an inspector.
 */
export type Dispatch = (
  method: MethodName,
  params: unknown,
  signal: AbortSignal,
  trace?: TracedCall,
) => unknown

/** Largest handler result sent to an app, in approximate serialized bytes (see `measureJsonLike`). */
export const MAX_RESULT_BYTES = 8 * 1024 * 1024

/** Options of a {@link BridgeSession}. */
export interface BridgeSessionOptions {
  port: MessagePort
  served: ReadonlySet<string>
  dispatch: Dispatch
  /** The app's token bucket (shared by the app's sessions). */
  bucket: TokenBucket
  /** What happens past the bucket: default {@link DEFAULT_FLOOD} (10 000 refusals in 10 s cut the app off). */
  flood?: FloodOptions
  /** Called once when the session ends, with why. */
  onClose?: (reason: string) => void
  /**
   * Called once per unexpected exception while handling an app message (a host bug, a handler
   * failure answered -32603, a result that cannot be sent). The app gets a bare -32603; nothing is
   * thrown out of the port's message handler.
   */
  onError?: (error: unknown) => void
  /** The host's inspector and the app this session serves; absent, the hot path pays one check. */
  inspect?: { tracer: CallTracer; appId: string }
}

const INTERNAL: ErrorPayload = Object.freeze({ code: ErrorCode.Internal, message: 'Internal error' })

/**
 * The host side of one connected document: the private port, the guard in front of comlink, the
 * calls in flight. A session never awaits app code; everything it sends is fire and forget. Every
 * message with a usable id gets exactly one answer, except those a flooding app sends past its limit
 * (one 4290 per refill window, the rest dropped).
 */
export class BridgeSession {
  readonly #port: MessagePort
  readonly #served: ReadonlySet<string>
  readonly #dispatch: Dispatch
  readonly #gate: FloodGate
  readonly #onClose: ((reason: string) => void) | undefined
  readonly #onError: ((error: unknown) => void) | undefined
  readonly #inFlight = new Set<AbortController>()
  readonly #inspect: { tracer: CallTracer; appId: string } | undefined
  #comlinkListener: ((event: MessageEvent) => void) | undefined
  #closed = false

  constructor(options: BridgeSessionOptions) {
    this.#port = options.port
    this.#served = options.served
    this.#dispatch = options.dispatch
    this.#gate = new FloodGate(options.bucket, options.flood)
    this.#onClose = options.onClose
    this.#onError = options.onError
    this.#inspect = options.inspect
    const exposed: Record<string, (params: unknown) => unknown> = Object.create(null)
    for (const name of this.#served) exposed[name] = (params) => this.#run(name as MethodName, params)
    // comlink sees only what the guard let through, re-built from validated parts.
    const endpoint: Endpoint = {
      postMessage: (message: unknown, transfer?: Transferable[]) => this.#reply(message, transfer),
      addEventListener: (_type: string, listener: EventListenerOrEventListenerObject) => {
        this.#comlinkListener = listener as (event: MessageEvent) => void
      },
      removeEventListener: () => {
        this.#comlinkListener = undefined
      },
    }
    expose(exposed, endpoint)
    this.#port.onmessage = (event) => this.#receive(event.data)
    // Chromium fires `close` on a port whose peer document went away.
    this.#port.addEventListener('close', () => this.close('peer-closed'))
    this.#port.start()
  }

  /** Whether the session has ended. */
  get closed(): boolean {
    return this.#closed
  }

  /** Number of calls the host is still working on. */
  get inFlight(): number {
    return this.#inFlight.size
  }

  /** Sends a host event. Fire and forget: returns false when it could not be sent. */
  send<E extends HostEventName>(event: E, data: HostEvents[E]): boolean {
    return this.#post({ type: 'chainless:event', event, data } satisfies EventMessage<E>)
  }

  /** Ends the session: the app is told, calls in flight settle with 4900, the port closes. */
  close(reason: string): void {
    if (this.#closed) return
    this.#post({ type: 'chainless:disconnect', reason } satisfies DisconnectMessage)
    this.#closed = true
    for (const controller of this.#inFlight)
      controller.abort(new DisconnectedError('Session closed', { reason }))
    this.#inFlight.clear()
    this.#port.onmessage = null
    this.#port.close()
    this.#onClose?.(reason)
  }

  #post(message: unknown, transfer: Transferable[] = []): boolean {
    if (this.#closed) return false
    try {
      this.#port.postMessage(message, transfer)
      return true
    } catch {
      return false
    }
  }

  /** comlink's answer to a call: when it cannot be sent (DataCloneError), the app still gets -32603. */
  #reply(message: unknown, transfer?: Transferable[]): void {
    if (this.#closed) return
    try {
      this.#port.postMessage(message, transfer ?? [])
    } catch (error) {
      this.#report(error)
      // Our own comlink-built object: `{ ...wireValue, id }`.
      const id = (message as { id?: unknown }).id
      if (typeof id === 'string') this.#answerError(id, INTERNAL)
    }
  }

  #answerError(id: string, error: ErrorPayload): void {
    this.#post({ id, type: 'HANDLER', name: 'throw', value: { isError: false, value: error } })
  }

  #report(error: unknown): void {
    if (!this.#onError) return
    try {
      this.#onError(error)
    } catch (hookError) {
      // The wallet's own hook failed: surface it without breaking this handler.
      queueMicrotask(() => {
        throw hookError
      })
    }
  }

  #receive(data: unknown): void {
    if (this.#closed) return
    try {
      this.#handle(data)
    } catch (error) {
      // A host bug: the app still gets its one answer, the wallet hears of it once.
      this.#report(error)
      let id: string | undefined
      try {
        id = usableId(data)
      } catch {
        id = undefined
      }
      if (id !== undefined) this.#answerError(id, INTERNAL)
    }
  }

  #handle(data: unknown): void {
    // The bucket comes first: a flood is refused before any parsing.
    const verdict = this.#gate.admit()
    if (verdict !== 0) {
      if (verdict === CUT_OFF) this.close('rate-limited')
      else if (verdict !== DROP) {
        const id = usableId(data)
        if (id !== undefined) {
          this.#gate.answered(verdict)
          const error = {
            code: ErrorCode.RateLimited,
            message: 'Rate limited',
            data: { retryAfterMs: verdict },
          }
          this.#answerError(id, error)
          this.#inspect?.tracer.refused(this.#inspect.appId, error, methodOf(data))
        }
      }
      return
    }
    const guarded = guardMessage(data, this.#served)
    if (guarded.kind === 'refuse') {
      const error = toErrorPayload(guarded.error)
      if (guarded.id !== undefined) this.#answerError(guarded.id, error)
      this.#inspect?.tracer.refused(this.#inspect.appId, error, methodOf(data))
      return
    }
    if (guarded.kind === 'release') {
      this.#post({ id: guarded.id, type: 'RAW', value: undefined })
      return
    }
    const argumentList = guarded.params === undefined ? [] : [{ type: 'RAW', value: guarded.params }]
    const clean = { id: guarded.id, type: 'APPLY', path: [guarded.method], argumentList }
    this.#comlinkListener?.({ data: clean, origin: '' } as MessageEvent)
  }

  /** Runs inside comlink's handler: whatever is thrown here is sent as-is, so only payloads are thrown. */
  #run(method: MethodName, params: unknown): unknown {
    if (this.#inspect !== undefined) return this.#runInspected(this.#inspect.tracer, method, params)
    const controller = new AbortController()
    let result: unknown
    try {
      result = this.#dispatch(method, params, controller.signal)
    } catch (error) {
      throw this.#payload(error)
    }
    // A handler that answered synchronously needs no timer and no bookkeeping (the common, fast path).
    if (!isThenable(result)) return this.#plain(method, result)
    return this.#settle(method, result, controller)
  }

  /** `#run` with the inspector told of the call and of the answer the app gets. */
  #runInspected(tracer: CallTracer, method: MethodName, params: unknown): unknown {
    const trace = tracer.begin(this.#inspect!.appId, method, params, 'app')
    const failed = (payload: ErrorPayload): ErrorPayload => {
      tracer.settle(trace, { ok: false, error: payload })
      return payload
    }
    const controller = new AbortController()
    let result: unknown
    try {
      result = this.#dispatch(method, params, controller.signal, trace)
    } catch (error) {
      throw failed(this.#payload(error))
    }
    if (!isThenable(result)) {
      let plain: unknown
      try {
        plain = this.#plain(method, result)
      } catch (payload) {
        throw failed(payload as ErrorPayload)
      }
      tracer.settle(trace, { ok: true, result: plain })
      return plain
    }
    return this.#settle(method, result, controller).then(
      (value) => {
        tracer.settle(trace, { ok: true, result: value })
        return value
      },
      (payload: ErrorPayload) => {
        throw failed(payload)
      },
    )
  }

  async #settle(
    method: MethodName,
    pending: PromiseLike<unknown>,
    controller: AbortController,
  ): Promise<unknown> {
    this.#inFlight.add(controller)
    const timeoutMs = METHODS[method].timeoutMs
    const timer = setTimeout(
      () => controller.abort(new TimeoutError('Timed out', { method, timeoutMs })),
      timeoutMs,
    )
    let result: unknown
    try {
      result = await Promise.race([
        pending,
        new Promise<never>((_, reject) => {
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
        }),
      ])
    } catch (error) {
      throw this.#payload(error)
    } finally {
      clearTimeout(timer)
      this.#inFlight.delete(controller)
    }
    return this.#plain(method, result)
  }

  /** Only plain JSON-like results cross: a function, a node or an Error (with its stack) does not. */
  #plain(method: MethodName, result: unknown): unknown {
    if (measureJsonLike(result, MAX_RESULT_BYTES) !== Number.POSITIVE_INFINITY) return result
    throw this.#payload(
      new InternalError('Handler result is not plain data', undefined, {
        details: `The handler of ${method} returned a value that is not JSON-like or larger than ${MAX_RESULT_BYTES} bytes.`,
      }),
    )
  }

  /** The wire form of a handler failure; one that becomes -32603 is reported to the wallet. */
  #payload(error: unknown): ErrorPayload {
    let payload: ErrorPayload
    try {
      payload = toErrorPayload(error)
    } catch {
      payload = INTERNAL
    }
    if (payload.code === ErrorCode.Internal) {
      // A mocked -32603 is what the developer asked for, not a host failure.
      if (!isMockedError(error)) this.#report(error)
      return INTERNAL
    }
    return payload
  }
}

/** The method a refused message named, for the inspector (structured-clone data: plain reads). */
function methodOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined
  const path = (data as { path?: unknown }).path
  return Array.isArray(path) && typeof path[0] === 'string' ? path[0].slice(0, 64) : undefined
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  try {
    return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
  } catch {
    return false
  }
}
