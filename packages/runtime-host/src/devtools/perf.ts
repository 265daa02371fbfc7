/** Performance of one app since its current mount. */
export interface PerfSnapshot {
  appId: string
  /** Mount → `ready` of the current mount, once the app is ready. */
  coldStartMs?: number
  /** Calls since mount (refused messages included). */
  calls: number
  /** Calls answered with an error, and refused messages, since mount. */
  errors: number
  /** Over the last 10 s. */
  callsPerSecond: number
  /** Of the last 1,000 settled calls, in ms; `undefined` before the first. */
  latency: { p50: number; p95: number; p99: number; max: number } | undefined
  /** `performance.memory` of the wallet page, where the browser has it (Chromium). */
  memory?: { usedJSHeapSize: number; totalJSHeapSize: number }
}

/** Live performance figures per app. */
export interface PerfMonitor {
  snapshot(appId: string): PerfSnapshot | undefined
  /** Told which app changed; throttled to at most once every 250 ms per app. */
  subscribe(listener: (appId: string) => void): () => void
}

/** @internal What the devtools' inspector feeds the monitor. */
export interface PerfRecorder {
  mounted(appId: string): void
  ready(appId: string): void
  /** A call arrived (`failed`: refused at once). */
  call(appId: string, failed?: boolean): void
  settled(appId: string, durationMs: number, ok: boolean): void
}

const WINDOW_MS = 10_000
const LATENCY_SAMPLES = 1000
/** Call times kept for the rate: the rate limit keeps an app far below this in 10 s. */
const MAX_TIMES = 20_000
export const PERF_THROTTLE_MS = 250

interface AppPerf {
  mountedAt: number
  coldStartMs: number | undefined
  calls: number
  errors: number
  /** Arrival times (performance.now) within the window: a ring of `timeCount` from `timeHead`. */
  times: Float64Array
  timeHead: number
  timeCount: number
  /** Ring of the last settled durations. */
  latencies: number[]
  nextLatency: number
  lastNotified: number
  timer: ReturnType<typeof setTimeout> | undefined
}

const now = (): number => globalThis.performance?.now() ?? Date.now()

/** The `q`-quantile (nearest rank) of ascending `sorted`. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil(q * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!
}

/** @internal Creates the monitor (one per devtools). */
export function createPerfMonitor(): PerfMonitor & PerfRecorder {
  const apps = new Map<string, AppPerf>()
  const listeners = new Set<(appId: string) => void>()

  const emit = (appId: string) => {
    for (const listener of [...listeners]) {
      try {
        listener(appId)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
  // Leading and trailing: the first change shows at once, a burst at most every 250 ms.
  const changed = (appId: string, perf: AppPerf) => {
    if (listeners.size === 0 || perf.timer !== undefined) return
    const wait = perf.lastNotified + PERF_THROTTLE_MS - now()
    if (wait <= 0) {
      perf.lastNotified = now()
      emit(appId)
      return
    }
    perf.timer = setTimeout(() => {
      perf.timer = undefined
      perf.lastNotified = now()
      emit(appId)
    }, wait)
  }
  // O(1) per call: a ring, the oldest dropped from the head as they leave the window.
  const prune = (perf: AppPerf, at: number) => {
    while (perf.timeCount > 0 && perf.times[perf.timeHead]! <= at - WINDOW_MS) {
      perf.timeHead = (perf.timeHead + 1) % MAX_TIMES
      perf.timeCount--
    }
  }
  const record = (perf: AppPerf, at: number) => {
    if (perf.timeCount === MAX_TIMES) {
      perf.timeHead = (perf.timeHead + 1) % MAX_TIMES
      perf.timeCount--
    }
    perf.times[(perf.timeHead + perf.timeCount) % MAX_TIMES] = at
    perf.timeCount++
  }

  return {
    mounted(appId) {
      const previous = apps.get(appId)
      if (previous?.timer !== undefined) clearTimeout(previous.timer)
      const perf: AppPerf = {
        mountedAt: now(),
        coldStartMs: undefined,
        calls: 0,
        errors: 0,
        times: new Float64Array(MAX_TIMES),
        timeHead: 0,
        timeCount: 0,
        latencies: [],
        nextLatency: 0,
        lastNotified: Number.NEGATIVE_INFINITY,
        timer: undefined,
      }
      apps.set(appId, perf)
      changed(appId, perf)
    },
    ready(appId) {
      const perf = apps.get(appId)
      if (!perf || perf.coldStartMs !== undefined) return
      perf.coldStartMs = now() - perf.mountedAt
      changed(appId, perf)
    },
    call(appId, failed = false) {
      const perf = apps.get(appId)
      if (!perf) return
      perf.calls++
      if (failed) perf.errors++
      const at = now()
      prune(perf, at)
      record(perf, at)
      changed(appId, perf)
    },
    settled(appId, durationMs, ok) {
      const perf = apps.get(appId)
      if (!perf) return
      if (!ok) perf.errors++
      if (perf.latencies.length < LATENCY_SAMPLES) perf.latencies.push(durationMs)
      else perf.latencies[perf.nextLatency] = durationMs
      perf.nextLatency = (perf.nextLatency + 1) % LATENCY_SAMPLES
      changed(appId, perf)
    },
    snapshot(appId) {
      const perf = apps.get(appId)
      if (!perf) return undefined
      const at = now()
      prune(perf, at)
      // Over the part of the window since mount, so a fresh app is not under-reported.
      const span = Math.min(WINDOW_MS, Math.max(1000, at - perf.mountedAt))
      const sorted = [...perf.latencies].sort((a, b) => a - b)
      const memory = (
        globalThis.performance as { memory?: { usedJSHeapSize?: unknown; totalJSHeapSize?: unknown } }
      )?.memory
      return {
        appId,
        ...(perf.coldStartMs === undefined ? {} : { coldStartMs: perf.coldStartMs }),
        calls: perf.calls,
        errors: perf.errors,
        callsPerSecond: (perf.timeCount * 1000) / span,
        latency:
          sorted.length === 0
            ? undefined
            : {
                p50: percentile(sorted, 0.5),
                p95: percentile(sorted, 0.95),
                p99: percentile(sorted, 0.99),
                max: sorted[sorted.length - 1]!,
              },
        ...(typeof memory?.usedJSHeapSize === 'number' && typeof memory.totalJSHeapSize === 'number'
          ? { memory: { usedJSHeapSize: memory.usedJSHeapSize, totalJSHeapSize: memory.totalJSHeapSize } }
          : {}),
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
