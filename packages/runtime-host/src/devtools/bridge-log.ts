import type { ErrorPayload, HostEventName } from '@chainless/protocol'
import type { CallOutcome, InspectedCall } from '../inspector.js'
import { boundedCopy, maskSensitive } from './mask.js'

/**
 * One line of the bridge log: a call, a host event or a refused message. Every field is present;
 * those that do not apply are `undefined` (and drop out of the JSON export).
 */
export interface BridgeLogEntry {
  /** Unique per entry: a call's `seq` (positive); events and refusals count down from -1. */
  readonly id: number
  readonly kind: 'call' | 'event' | 'refused'
  readonly appId: string
  readonly account: string
  /** The method, the event name, or `''` for a refused message without one. */
  readonly method: string
  /** `'host'` for events. */
  readonly origin: 'app' | 'devtools' | 'host'
  /** Calls: the params; events: the data. */
  readonly params?: unknown
  readonly status: 'pending' | 'ok' | 'error'
  readonly result?: unknown
  readonly error?: ErrorPayload
  /** `Date.now()` when it happened. */
  readonly at: number
  readonly durationMs?: number
  readonly mocked?: boolean
  /** For `walletRequest`: the EIP-1193 method inside (`eth_sendTransaction`). */
  readonly rpcMethod?: string
}

/** Which entries {@link BridgeLog.entries} returns; every given field must match. */
export interface BridgeLogFilter {
  appId?: string
  /** A case-insensitive substring of the method or the `rpcMethod`. */
  text?: string
  status?: 'ok' | 'error' | 'pending'
  kind?: BridgeLogEntry['kind']
}

/** The bridge log: a ring buffer of what crossed the bridge, filterable, pausable, exportable. */
export interface BridgeLog {
  /** Entries kept; the oldest go first. Default 2,000. */
  readonly capacity: number
  /** Entries matching `filter`, oldest first. */
  entries(filter?: BridgeLogFilter): readonly BridgeLogEntry[]
  /** Fires on every added or updated entry (synchronously, at most once per change). */
  subscribe(listener: (entry: BridgeLogEntry) => void): () => void
  readonly paused: boolean
  /** While paused nothing new is recorded (calls in flight still settle). */
  pause(): void
  resume(): void
  /** Drops every entry, or those of `appId`. */
  clear(appId?: string): void
  /** JSON export (an array of entries), sensitive values masked unless `reveal: true`. */
  export(filter?: BridgeLogFilter & { reveal?: boolean }): string
}

/** @internal What the devtools' inspector records into the log. */
export interface BridgeLogRecorder {
  call(call: InspectedCall): void
  settled(call: InspectedCall, outcome: CallOutcome, durationMs: number, mocked: boolean): void
  event(appId: string, account: string, event: HostEventName, data: unknown, delivered: boolean): void
  refused(appId: string, account: string, error: ErrorPayload, method: string | undefined): void
}

/** Default {@link BridgeLog.capacity}. */
export const DEFAULT_LOG_CAPACITY = 2000

/** @internal The EIP-1193 method inside a `walletRequest`'s params. */
export function rpcMethodOf(method: string, params: unknown): string | undefined {
  if (method !== 'walletRequest' || typeof params !== 'object' || params === null) return undefined
  const inner = (params as { method?: unknown }).method
  return typeof inner === 'string' ? inner : undefined
}

/**
 * One entry, every field present (`undefined` when absent): one object shape for all entries keeps
 * the log cheap on the bridge's path (V8 keeps its property access monomorphic).
 */
function makeEntry(
  id: number,
  kind: BridgeLogEntry['kind'],
  appId: string,
  account: string,
  method: string,
  origin: BridgeLogEntry['origin'],
  params: unknown,
  status: BridgeLogEntry['status'],
  result: unknown,
  error: ErrorPayload | undefined,
  at: number,
  durationMs: number | undefined,
  mocked: boolean | undefined,
  rpcMethod: string | undefined,
): BridgeLogEntry {
  return {
    id,
    kind,
    appId,
    account,
    method,
    origin,
    params,
    status,
    result,
    error,
    at,
    durationMs,
    mocked,
    rpcMethod,
  }
}

/** @internal Creates a log of `capacity` entries (an integer ≥ 1, checked by the caller). */
export function createBridgeLog(capacity = DEFAULT_LOG_CAPACITY): BridgeLog & BridgeLogRecorder {
  // Ring buffer by absolute position: entry n lives in slots[n % capacity] while n ≥ added − size.
  const slots: (BridgeLogEntry | undefined)[] = []
  let added = 0
  let size = 0
  /** Call seq → absolute position, for the settle update; pruned as entries leave. */
  const positions = new Map<number, number>()
  const listeners = new Set<(entry: BridgeLogEntry) => void>()
  let paused = false
  let nextOtherId = -1

  const notify = (entry: BridgeLogEntry) => {
    if (listeners.size === 0) return
    for (const listener of [...listeners]) {
      try {
        listener(entry)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
  const push = (entry: BridgeLogEntry) => {
    if (size === capacity) {
      const evicted = slots[(added - size) % capacity]
      if (evicted?.kind === 'call') positions.delete(evicted.id)
      size--
    }
    slots[added % capacity] = entry
    if (entry.kind === 'call') positions.set(entry.id, added)
    added++
    size++
    notify(entry)
  }
  const all = (): BridgeLogEntry[] => {
    const out: BridgeLogEntry[] = []
    for (let n = added - size; n < added; n++) out.push(slots[n % capacity]!)
    return out
  }
  const matches = (entry: BridgeLogEntry, filter: BridgeLogFilter | undefined): boolean => {
    if (!filter) return true
    if (filter.appId !== undefined && entry.appId !== filter.appId) return false
    if (filter.status !== undefined && entry.status !== filter.status) return false
    if (filter.kind !== undefined && entry.kind !== filter.kind) return false
    if (filter.text) {
      const text = filter.text.toLowerCase()
      if (!entry.method.toLowerCase().includes(text) && !entry.rpcMethod?.toLowerCase().includes(text)) {
        return false
      }
    }
    return true
  }

  return {
    capacity,
    get paused() {
      return paused
    },
    pause() {
      paused = true
    },
    resume() {
      paused = false
    },
    entries(filter) {
      return all().filter((entry) => matches(entry, filter))
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    clear(appId) {
      const kept = appId === undefined ? [] : all().filter((entry) => entry.appId !== appId)
      slots.length = 0
      positions.clear()
      added = 0
      size = 0
      for (const entry of kept) {
        slots[added % capacity] = entry
        if (entry.kind === 'call') positions.set(entry.id, added)
        added++
        size++
      }
    },
    export(filter) {
      const reveal = filter?.reveal === true
      const out = all()
        .filter((entry) => matches(entry, filter))
        .map((entry) => exported(entry, reveal))
      return JSON.stringify(out, null, 2)
    },
    call(call) {
      if (paused) return
      push(
        makeEntry(
          call.seq,
          'call',
          call.appId,
          call.account,
          call.method,
          call.origin,
          call.params,
          'pending',
          undefined,
          undefined,
          call.at,
          undefined,
          undefined,
          rpcMethodOf(call.method, call.params),
        ),
      )
    },
    settled(call, outcome, durationMs, mocked) {
      // Recorded before a pause, or still in the buffer: update in place (a paused log still settles).
      const position = positions.get(call.seq)
      if (position === undefined || position < added - size) return
      const slot = position % capacity
      const b = slots[slot]!
      const entry = makeEntry(
        b.id,
        b.kind,
        b.appId,
        b.account,
        b.method,
        b.origin,
        b.params,
        outcome.ok ? 'ok' : 'error',
        outcome.ok ? outcome.result : undefined,
        outcome.ok ? undefined : outcome.error,
        b.at,
        durationMs,
        mocked,
        b.rpcMethod,
      )
      slots[slot] = entry
      notify(entry)
    },
    event(appId, account, event, data, delivered) {
      if (paused) return
      // An event that could not be delivered (no session, or the app may not have it) shows as an error.
      push(
        makeEntry(
          nextOtherId--,
          'event',
          appId,
          account,
          event,
          'host',
          data,
          delivered ? 'ok' : 'error',
          undefined,
          delivered ? undefined : NOT_DELIVERED,
          Date.now(),
          undefined,
          undefined,
          undefined,
        ),
      )
    },
    refused(appId, account, error, method) {
      if (paused) return
      push(
        makeEntry(
          nextOtherId--,
          'refused',
          appId,
          account,
          method ?? '',
          'app',
          undefined,
          'error',
          undefined,
          error,
          Date.now(),
          undefined,
          undefined,
          undefined,
        ),
      )
    },
  }
}

const NOT_DELIVERED: ErrorPayload = Object.freeze({ code: 4900, message: 'Not delivered' })

/** An entry as exported: every value copied within bounds, masked unless revealed (`undefined` fields drop out of the JSON). */
function exported(entry: BridgeLogEntry, reveal: boolean): unknown {
  const copy = (value: unknown) => boundedCopy(value, !reveal)
  const context =
    entry.rpcMethod === undefined
      ? { method: entry.method }
      : { method: entry.method, rpcMethod: entry.rpcMethod }
  return {
    ...entry,
    params: copy(entry.params),
    result: reveal ? copy(entry.result) : maskSensitive(entry.result, context),
    error: entry.error && {
      code: entry.error.code,
      message: entry.error.message,
      data: copy(entry.error.data),
    },
  }
}
