import {
  type BridgeError,
  type ErrorPayload,
  errorFromPayload,
  type HostEventName,
  type MethodName,
} from '@chainless/protocol'
import type { AppHandle } from './app-handle.js'
import type { CallAs, CallOutcome, HostInspector, InspectedCall, Interception } from './inspector.js'
import { MAX_TIMER_MS } from './options.js'

/** @internal One call on its way through an inspected host. */
export interface TracedCall {
  readonly call: InspectedCall
  /** `performance.now()` when it passed the guard. */
  readonly start: number
  /** An interception applied. */
  mocked: boolean
}

/** Errors thrown by a mock: not host failures, so a mocked -32603 is not reported to `onError`. */
const mockedErrors = new WeakSet<object>()

/** @internal Whether `error` was thrown by an interception. */
export function isMockedError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && mockedErrors.has(error)
}

const now = (): number => globalThis.performance?.now() ?? Date.now()

/**
 * @internal The host's side of a {@link HostInspector}: numbers calls, calls the hooks, and keeps a
 * throwing hook (or a malformed interception) from reaching the app: it goes to `report`.
 */
export class CallTracer {
  #seq = 0
  readonly #inspector: HostInspector
  readonly #account: () => string
  readonly #report: (error: unknown) => void

  constructor(inspector: HostInspector, account: () => string, report: (error: unknown) => void) {
    this.#inspector = inspector
    this.#account = account
    this.#report = report
  }

  /** A call passed the guard (or came from `callAs`): numbered and told to `call`. */
  begin(appId: string, method: MethodName, params: unknown, origin: InspectedCall['origin']): TracedCall {
    // Not frozen (it costs on every call): the type is readonly, the host never reads it back.
    const call: InspectedCall = {
      seq: ++this.#seq,
      appId,
      account: this.#account(),
      method,
      params,
      at: Date.now(),
      origin,
    }
    const trace: TracedCall = { call, start: now(), mocked: false }
    if (this.#inspector.call) this.#hook(() => this.#inspector.call?.(call))
    return trace
  }

  /** The app's answer. */
  settle(trace: TracedCall, outcome: CallOutcome): void {
    if (!this.#inspector.settled) return
    const durationMs = now() - trace.start
    this.#hook(() => this.#inspector.settled?.(trace.call, outcome, durationMs, trace.mocked))
  }

  /** The inspector's interception of `trace`, checked; `undefined` to run the real handler. */
  intercept(trace: TracedCall): Interception | undefined {
    const intercept = this.#inspector.intercept
    if (!intercept) return undefined
    let interception: unknown
    try {
      interception = intercept.call(this.#inspector, trace.call)
    } catch (error) {
      this.#safeReport(error)
      return undefined
    }
    if (interception === undefined || interception === null) return undefined
    if (!isInterception(interception)) {
      this.#safeReport(
        new TypeError(
          `inspector.intercept returned an invalid interception for ${trace.call.method}: expected { result }, { error: { code, message } } or { delayMs } with 0 ≤ delayMs ≤ ${MAX_TIMER_MS}`,
        ),
      )
      return undefined
    }
    return interception
  }

  refused(appId: string, error: ErrorPayload, method: string | undefined): void {
    if (this.#inspector.refused) this.#hook(() => this.#inspector.refused?.(appId, error, method))
  }

  event(appId: string, event: HostEventName, data: unknown, delivered: boolean): void {
    if (this.#inspector.event) this.#hook(() => this.#inspector.event?.(appId, event, data, delivered))
  }

  mounted(app: AppHandle, callAs: CallAs): void {
    if (this.#inspector.mounted) this.#hook(() => this.#inspector.mounted?.(app, callAs))
  }

  #hook(run: () => void): void {
    try {
      run()
    } catch (error) {
      this.#safeReport(error)
    }
  }

  #safeReport(error: unknown): void {
    try {
      this.#report(error)
    } catch (hookError) {
      queueMicrotask(() => {
        throw hookError
      })
    }
  }
}

function isInterception(value: unknown): value is Interception {
  if (typeof value !== 'object' || value === null) return false
  const { delayMs } = value as { delayMs?: unknown }
  if (
    delayMs !== undefined &&
    (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > MAX_TIMER_MS)
  ) {
    return false
  }
  if ('error' in value) {
    const error = (value as { error?: unknown }).error
    if (typeof error !== 'object' || error === null) return false
    const { code, message } = error as Partial<ErrorPayload>
    return typeof code === 'number' && Number.isInteger(code) && typeof message === 'string'
  }
  return 'result' in value || delayMs !== undefined
}

/**
 * @internal Applies `interception`: waits its delay (abortably: the call's timeout and the session's
 * end still apply), then answers with its result or error, or runs `real`.
 */
export function applyInterception(
  interception: Interception,
  signal: AbortSignal,
  real: () => unknown,
): unknown {
  const answer = (): unknown => {
    if ('error' in interception) throw mockedError(interception.error)
    if ('result' in interception) return interception.result
    return real()
  }
  const delayMs = interception.delayMs ?? 0
  return delayMs > 0 ? sleep(delayMs, signal).then(answer) : answer()
}

function mockedError(payload: ErrorPayload): BridgeError {
  const error = errorFromPayload(payload)
  mockedErrors.add(error)
  return error
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
