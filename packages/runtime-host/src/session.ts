import {
  DisconnectedError,
  type DisconnectMessage,
  type ErrorPayload,
  type EventMessage,
  type HostEventName,
  type HostEvents,
  METHODS,
  type MethodName,
  RateLimitedError,
  TimeoutError,
  toErrorPayload,
} from '@chainless/protocol'
import { type Endpoint, expose } from 'comlink'
import { guardMessage } from './guard.js'
import type { TokenBucket } from './rate-limit.js'

/** Runs a validated call. `signal` aborts when the call times out or the session ends. */
export type Dispatch = (method: MethodName, params: unknown, signal: AbortSignal) => unknown

/** Options of a {@link BridgeSession}. */
export interface BridgeSessionOptions {
  port: MessagePort
  served: ReadonlySet<string>
  dispatch: Dispatch
  bucket: TokenBucket
  /** Called once when the session ends, with why. */
  onClose?: (reason: string) => void
}

/**
 * The host side of one connected document: the private port, the guard in front of comlink, the
 * calls in flight. A session never awaits app code; everything it sends is fire and forget.
 */
export class BridgeSession {
  readonly #port: MessagePort
  readonly #served: ReadonlySet<string>
  readonly #dispatch: Dispatch
  readonly #bucket: TokenBucket
  readonly #onClose: ((reason: string) => void) | undefined
  readonly #inFlight = new Set<AbortController>()
  readonly #probes = new Map<string, (alive: boolean) => void>()
  #comlinkListener: ((event: MessageEvent) => void) | undefined
  #closed = false
  #probeCounter = 0

  constructor(options: BridgeSessionOptions) {
    this.#port = options.port
    this.#served = options.served
    this.#dispatch = options.dispatch
    this.#bucket = options.bucket
    this.#onClose = options.onClose
    const exposed: Record<string, (params: unknown) => unknown> = Object.create(null)
    for (const name of this.#served) exposed[name] = (params) => this.#run(name as MethodName, params)
    // comlink sees only what the guard let through, re-built from validated parts.
    const endpoint: Endpoint = {
      postMessage: (message: unknown, transfer?: Transferable[]) => this.#post(message, transfer),
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

  /** Asks the app's document whether it is still there; resolves false after `timeoutMs`. */
  probe(timeoutMs: number): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false)
    const id = `p${++this.#probeCounter}`
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(false), timeoutMs)
      const settle = (alive: boolean) => {
        clearTimeout(timer)
        this.#probes.delete(id)
        resolve(alive)
      }
      this.#probes.set(id, settle)
      if (!this.#post({ type: 'chainless:probe', id })) settle(false)
    })
  }

  /** Ends the session: the app is told, calls in flight settle with 4900, the port closes. */
  close(reason: string): void {
    if (this.#closed) return
    this.#post({ type: 'chainless:disconnect', reason } satisfies DisconnectMessage)
    this.#closed = true
    for (const controller of this.#inFlight)
      controller.abort(new DisconnectedError('Session closed', { reason }))
    this.#inFlight.clear()
    for (const settle of this.#probes.values()) settle(false)
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

  #answerError(id: string, error: ErrorPayload): void {
    this.#post({ id, type: 'HANDLER', name: 'throw', value: { isError: false, value: error } })
  }

  #receive(data: unknown): void {
    if (this.#closed) return
    const message = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined
    if (message?.type === 'chainless:probe-ack' && typeof message.id === 'string') {
      this.#probes.get(message.id)?.(true)
      return
    }
    const waitMs = this.#bucket.take()
    if (waitMs > 0) {
      const id = message?.id
      if (typeof id === 'string' && id.length <= 64) {
        this.#answerError(id, new RateLimitedError('Rate limited', { retryAfterMs: waitMs }).toJSON())
      }
      return
    }
    const guarded = guardMessage(data, this.#served)
    if (guarded.kind === 'refuse') {
      if (guarded.id !== undefined) this.#answerError(guarded.id, guarded.error.toJSON())
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

  #run(method: MethodName, params: unknown): unknown {
    const controller = new AbortController()
    let result: unknown
    try {
      result = this.#dispatch(method, params, controller.signal)
    } catch (error) {
      // Thrown as a plain object: comlink then sends it as-is, without a host stack trace.
      throw toErrorPayload(error)
    }
    // A handler that answered synchronously needs no timer and no bookkeeping (the common, fast path).
    if (typeof (result as PromiseLike<unknown> | null)?.then !== 'function') return result
    return this.#settle(method, result as PromiseLike<unknown>, controller)
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
    try {
      return await Promise.race([
        pending,
        new Promise<never>((_, reject) => {
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
        }),
      ])
    } catch (error) {
      throw toErrorPayload(error)
    } finally {
      clearTimeout(timer)
      this.#inFlight.delete(controller)
    }
  }
}
