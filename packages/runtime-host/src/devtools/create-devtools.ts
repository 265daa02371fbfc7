import { DisconnectedError, type MethodName } from '@chainless/protocol'
import type { AppHandle } from '../app-handle.js'
import type { CallAs, HostInspector } from '../inspector.js'
import { InvalidOptionError } from '../invalid-option-error.js'
import { type BridgeLog, createBridgeLog, DEFAULT_LOG_CAPACITY } from './bridge-log.js'
import { createMockRules, interceptionOf, type MockRules } from './mock-rules.js'
import { createPerfMonitor, type PerfMonitor } from './perf.js'

/** The workbench's view of a runtime host: log, mocks, performance, and calls as an app. */
export interface Devtools {
  /** Pass to `createRuntimeHost({ inspector })`. */
  readonly inspector: HostInspector
  readonly log: BridgeLog
  readonly mocks: MockRules
  readonly perf: PerfMonitor
  /**
   * Runs a call as the mounted app `appId` would (params validation, scope checks, mocks, real
   * sheets), logged with origin `'devtools'`. Rejects with the error the app would get, and with
   * 4900 `DisconnectedError` when that app is not mounted.
   */
  callAs(appId: string, method: MethodName, params: unknown, signal?: AbortSignal): Promise<unknown>
}

/** Options of {@link createDevtools}. */
export interface DevtoolsOptions {
  /** Bridge log entries kept (1 to 100,000). Default 2,000. */
  capacity?: number
  /** Initial mock rules (validated like `mocks.set`). */
  rules?: readonly unknown[]
}

/** Largest {@link DevtoolsOptions.capacity}. */
export const MAX_LOG_CAPACITY = 100_000

/**
 * Creates the devtools of a development wallet: a bridge log, mock rules applied before the real
 * handlers, per-app performance, and `callAs`. Development only: never pass its inspector to a
 * production host (mocks change what apps get).
 *
 * @throws {InvalidOptionError} for a capacity out of range; `InvalidMockRuleError` for bad `rules`
 * @example
 * ```ts
 * import { createRuntimeHost } from '@chainless/runtime-host'
 * import { createDevtools } from '@chainless/runtime-host/devtools'
 * const devtools = createDevtools()
 * const host = createRuntimeHost({ manifestKeys, inspector: devtools.inspector })
 * devtools.mocks.set([{ id: 'no', appId: '*', method: 'eth_sendTransaction', enabled: true,
 *   action: { kind: 'error', code: 4001 } }])
 * devtools.log.subscribe((entry) => console.debug(entry.method, entry.status))
 * ```
 */
export function createDevtools(options: DevtoolsOptions = {}): Devtools {
  const capacity = options.capacity ?? DEFAULT_LOG_CAPACITY
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_LOG_CAPACITY) {
    throw new InvalidOptionError('capacity', `an integer from 1 to ${MAX_LOG_CAPACITY}`)
  }
  const log = createBridgeLog(capacity)
  const mocks = createMockRules(options.rules)
  const perf = createPerfMonitor()
  /** The current mount of each app: a remount replaces it, its close removes it. */
  const mountedApps = new Map<string, { app: AppHandle; callAs: CallAs }>()
  // Refusals and events carry no account: the last call's account of that app is the best guess.
  const lastAccount = new Map<string, string>()
  const accountOf = (appId: string): string => lastAccount.get(appId) ?? ''

  const inspector: HostInspector = {
    mounted(app, callAs) {
      const appId = app.manifest.appId
      const entry = { app, callAs }
      mountedApps.set(appId, entry)
      perf.mounted(appId)
      const offReady = app.on('ready', () => perf.ready(appId))
      const offClose = app.on('close', () => {
        offReady()
        offClose()
        if (mountedApps.get(appId) === entry) mountedApps.delete(appId)
      })
    },
    call(call) {
      lastAccount.set(call.appId, call.account)
      log.call(call)
      perf.call(call.appId)
    },
    intercept(call) {
      const rule = mocks.match(call)
      return rule === undefined ? undefined : interceptionOf(rule)
    },
    settled(call, outcome, durationMs, mocked) {
      log.settled(call, outcome, durationMs, mocked)
      perf.settled(call.appId, durationMs, outcome.ok)
    },
    refused(appId, error, method) {
      log.refused(appId, accountOf(appId), error, method)
      perf.call(appId, true)
    },
    event(appId, event, data, delivered) {
      log.event(appId, accountOf(appId), event, data, delivered)
    },
  }
  return {
    inspector,
    log,
    mocks,
    perf,
    callAs(appId, method, params, signal) {
      const mounted = mountedApps.get(appId)
      if (!mounted || mounted.app.state === 'closed') {
        return Promise.reject(new DisconnectedError('App not mounted', { appId }))
      }
      return mounted.callAs(method, params, signal)
    },
  }
}
