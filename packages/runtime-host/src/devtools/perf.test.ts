import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPerfMonitor, PERF_THROTTLE_MS, percentile } from './perf.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('percentile', () => {
  it('is the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(sorted, 0.5)).toBe(50)
    expect(percentile(sorted, 0.95)).toBe(95)
    expect(percentile(sorted, 0.99)).toBe(99)
    expect(percentile([7], 0.99)).toBe(7)
    expect(percentile([], 0.5)).toBeNaN()
  })
})

describe('PerfMonitor', () => {
  it('measures cold start from mount to ready, once per mount', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout', 'Date'] })
    const perf = createPerfMonitor()
    expect(perf.snapshot('hello')).toBeUndefined()
    perf.mounted('hello')
    vi.advanceTimersByTime(120)
    perf.ready('hello')
    vi.advanceTimersByTime(50)
    perf.ready('hello')
    expect(perf.snapshot('hello')?.coldStartMs).toBe(120)
    perf.mounted('hello') // a remount starts over
    expect(perf.snapshot('hello')).toMatchObject({ calls: 0, errors: 0, latency: undefined })
    expect(perf.snapshot('hello')?.coldStartMs).toBeUndefined()
  })

  it('counts calls and errors, latency percentiles over the last 1,000 settled calls', () => {
    const perf = createPerfMonitor()
    perf.mounted('hello')
    for (let i = 1; i <= 1500; i++) {
      perf.call('hello')
      perf.settled('hello', i <= 500 ? 10_000 : i - 500, i % 10 !== 0)
    }
    perf.call('hello', true) // refused
    const snapshot = perf.snapshot('hello')!
    expect(snapshot.calls).toBe(1501)
    expect(snapshot.errors).toBe(151)
    // The first 500 (10 s each) left the window of 1,000.
    expect(snapshot.latency).toEqual({ p50: 500, p95: 950, p99: 990, max: 1000 })
  })

  it('calls per second over the last 10 s', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout', 'Date'] })
    const perf = createPerfMonitor()
    perf.mounted('hello')
    vi.advanceTimersByTime(10_000)
    for (let i = 0; i < 50; i++) perf.call('hello')
    expect(perf.snapshot('hello')!.callsPerSecond).toBe(5)
    vi.advanceTimersByTime(10_001)
    expect(perf.snapshot('hello')!.callsPerSecond).toBe(0)
    expect(perf.snapshot('hello')!.calls).toBe(50)
  })

  it('tells listeners at most every 250 ms per app (first change at once, the burst after)', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout', 'Date'] })
    const perf = createPerfMonitor()
    const heard: string[] = []
    const off = perf.subscribe((appId) => heard.push(appId))
    perf.mounted('a')
    perf.mounted('b')
    expect(heard).toEqual(['a', 'b'])
    for (let i = 0; i < 100; i++) perf.call('a')
    expect(heard).toEqual(['a', 'b'])
    vi.advanceTimersByTime(PERF_THROTTLE_MS)
    expect(heard).toEqual(['a', 'b', 'a'])
    vi.advanceTimersByTime(PERF_THROTTLE_MS * 4)
    expect(heard).toHaveLength(3)
    off()
    perf.call('a')
    vi.advanceTimersByTime(PERF_THROTTLE_MS * 2)
    expect(heard).toHaveLength(3)
  })

  it('reports the page memory where the browser has it', () => {
    const perf = createPerfMonitor()
    perf.mounted('hello')
    expect(perf.snapshot('hello')!.memory).toBeUndefined()
    const memory = { usedJSHeapSize: 1, totalJSHeapSize: 2 }
    Object.defineProperty(performance, 'memory', { value: memory, configurable: true })
    try {
      expect(perf.snapshot('hello')!.memory).toEqual(memory)
    } finally {
      Reflect.deleteProperty(performance, 'memory')
    }
  })
})
