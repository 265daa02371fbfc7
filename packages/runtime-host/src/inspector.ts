import type { ErrorPayload, HostEventName, MethodName } from '@chainless/protocol'
import type { AppHandle } from './app-handle.js'
import { InvalidOptionError } from './invalid-option-error.js'

/** One bridge call as the host saw it once it passed the guard. */
export interface InspectedCall {
  /** Host-wide sequence number, from 1. */
  readonly seq: number
  readonly appId: string
  /** The wallet's current account when the call arrived (`''` without one). */
  readonly account: string
  readonly method: MethodName
  /** The validated params. Shared with the handler: inspectors must not mutate them. */
  readonly params: unknown
  /** `Date.now()` when the call passed the guard. */
  readonly at: number
  /** `'devtools'`: sent by the workbench through `callAs`. */
  readonly origin: 'app' | 'devtools'
}

/** What the app got for a call. */
export type CallOutcome =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: ErrorPayload }

/** What an inspector may do instead of (or before) the real handler. */
export type Interception =
  | { readonly result: unknown; readonly delayMs?: number }
  | { readonly error: ErrorPayload; readonly delayMs?: number }
  /** Wait, then run the real handler. */
  | { readonly delayMs: number }

/** The function {@link HostInspector.mounted} receives: runs a call as the mounted app would. */
export type CallAs = (method: MethodName, params: unknown, signal?: AbortSignal) => Promise<unknown>

/**
 * Observes, and in development intercepts, what crosses the bridge (`createRuntimeHost({ inspector })`).
 * Every hook is optional and runs synchronously on the bridge's path, so keep hooks cheap. A hook
 * that throws is reported through the host's `onError` and never changes what the app gets.
 * `@chainless/runtime-host/devtools` builds one (log, mocks, performance).
 *
 * @example
 * ```ts
 * const host = createRuntimeHost({
 *   manifestKeys,
 *   inspector: { settled: (call, outcome, ms) => console.debug(call.method, outcome.ok, ms) },
 * })
 * ```
 */
export interface HostInspector {
  /**
   * An app was mounted (before its iframe loads). `callAs` runs a call as that app would (no guard
   * or rate limit, but params validation, scope checks, interception, sheets and handler), reported
   * with origin `'devtools'`; it rejects with 4900 once the app is closed.
   */
  mounted?(app: AppHandle, callAs: CallAs): void
  /** A call passed the guard. */
  call?(call: InspectedCall): void
  /**
   * After the scope check, before the handler: return an {@link Interception} to mock the call.
   * An interception that is not one of the three shapes is reported through `onError` and ignored.
   */
  intercept?(call: InspectedCall): Interception | undefined
  /**
   * The answer the app gets (also for scope refusals, timeouts, mocks and calls cut by a closing
   * session). `mocked`: an interception applied (result, error or delay).
   */
  settled?(call: InspectedCall, outcome: CallOutcome, durationMs: number, mocked: boolean): void
  /**
   * The guard refused a message (malformed, unknown method, invalid or oversize params) or the rate
   * limit answered it 4290; `method` when the message named one.
   */
  refused?(appId: string, error: ErrorPayload, method: string | undefined): void
  /** A host event was sent (or not: `delivered` false) to the app. */
  event?(appId: string, event: HostEventName, data: unknown, delivered: boolean): void
}

const HOOKS = ['mounted', 'call', 'intercept', 'settled', 'refused', 'event'] as const

/**
 * The `inspector` option, checked: an object whose hooks are functions (or absent).
 * @throws {InvalidOptionError} for anything else
 */
export function inspectorOption(value: unknown): HostInspector | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null) {
    throw new InvalidOptionError('inspector', 'an object of hook functions')
  }
  for (const hook of HOOKS) {
    const fn = (value as Record<string, unknown>)[hook]
    if (fn !== undefined && typeof fn !== 'function') {
      throw new InvalidOptionError(`inspector.${hook}`, 'a function')
    }
  }
  return value as HostInspector
}
