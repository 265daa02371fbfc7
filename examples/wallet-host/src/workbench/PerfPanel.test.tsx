// @vitest-environment happy-dom
import type { Devtools, PerfSnapshot } from '@chainless/runtime-host/devtools'
import { act, cleanup, render } from '@testing-library/preact'
import { afterEach, describe, expect, test } from 'vitest'
import type { WalletEnv } from '../ui/env.js'
import { PerfPanel } from './PerfPanel.js'
import type { TestAccountsApi } from './test-accounts.js'

afterEach(cleanup)

function fakePerf(initial: PerfSnapshot | undefined) {
  let snapshot = initial
  const listeners = new Set<(appId: string) => void>()
  return {
    perf: {
      snapshot: () => snapshot,
      subscribe: (listener: (appId: string) => void) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    update(next: PerfSnapshot) {
      snapshot = next
      for (const listener of listeners) listener(next.appId)
    },
  }
}

const mount = (perf: unknown, appId: string | undefined) =>
  render(
    <PerfPanel
      devtools={{ perf } as unknown as Devtools}
      env={{} as WalletEnv}
      appId={appId}
      accounts={{} as TestAccountsApi}
    />,
  )

describe('PerfPanel', () => {
  test('no app, or no numbers yet, says so', () => {
    expect(mount(fakePerf(undefined).perf, undefined).container.textContent).toContain(
      'No mini-program is open',
    )
    cleanup()
    expect(mount(fakePerf(undefined).perf, 'hello').container.textContent).toContain('No measurements yet')
  })

  test('shows cold start, rates, percentiles and heap, and follows updates', async () => {
    const fake = fakePerf({
      appId: 'hello',
      coldStartMs: 182,
      calls: 3,
      errors: 0,
      callsPerSecond: 0.3,
      latency: undefined,
    })
    const { container } = mount(fake.perf, 'hello')
    expect(container.querySelector('[data-stat=cold-start] dd')!.textContent).toBe('182 ms')
    expect(container.querySelector('[data-stat=heap]')!.textContent).toContain('not reported')
    await act(() =>
      fake.update({
        appId: 'hello',
        coldStartMs: 182,
        calls: 40,
        errors: 2,
        callsPerSecond: 4,
        latency: { p50: 1.2, p95: 8, p99: 25, max: 1250 },
        memory: { usedJSHeapSize: 12_000_000, totalJSHeapSize: 20_000_000 },
      }),
    )
    expect(container.querySelector('[data-stat=calls] dd')!.textContent).toBe('40')
    expect(container.querySelector('[data-stat=errors] dd')!.textContent).toBe('2')
    expect(container.querySelector('[data-stat=p95] dd')!.textContent).toBe('8 ms')
    expect(container.querySelector('[data-stat=max] dd')!.textContent).toBe('1.25 s')
    expect(container.querySelector('[data-stat=heap] dd')!.textContent).toContain('12 MB')
  })
})
