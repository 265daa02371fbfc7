// @vitest-environment happy-dom
import type { Devtools } from '@chainless/runtime-host/devtools'
import { act, cleanup, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { WalletEnv } from '../ui/env.js'
import { PlatformLogPanel } from './PlatformLogPanel.js'
import type { PlatformRequest } from './platform-requests.js'
import type { TestAccountsApi } from './test-accounts.js'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const req = (seq: number, extra: Partial<PlatformRequest> = {}): PlatformRequest => ({
  seq,
  at: Date.now(),
  appId: 'hello',
  method: 'POST',
  path: `/api/v1/tx/broadcast?n=${seq}`,
  status: 201,
  durationMs: 12,
  requestId: `req-${seq}`,
  ...extra,
})

/** A controllable EventSource: the test opens it, sends events, or fails it. */
class FakeSource {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  static last: FakeSource | undefined
  readyState = FakeSource.CONNECTING
  readonly listeners = new Map<string, ((event: Event) => void)[]>()
  constructor(readonly url: string | URL) {
    FakeSource.last = this
  }
  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  emit(type: string, data?: string) {
    const event = data === undefined ? new Event(type) : Object.assign(new Event(type), { data })
    for (const listener of this.listeners.get(type) ?? []) listener(event)
  }
  close() {
    this.readyState = FakeSource.CLOSED
  }
}

const mount = () =>
  render(
    <PlatformLogPanel
      devtools={{} as Devtools}
      env={{ config: { apiUrl: 'http://localhost:8787' } } as unknown as WalletEnv}
      appId="hello"
      accounts={{} as TestAccountsApi}
    />,
  )

describe('PlatformLogPanel', () => {
  test('live over SSE: rows newest first with status, problem code and idempotency key; junk dropped', async () => {
    vi.stubGlobal('EventSource', FakeSource)
    const { container } = mount()
    const source = FakeSource.last!
    expect(String(source.url)).toBe('http://localhost:8787/__sandbox/requests/stream?appId=hello')
    await act(() => {
      source.readyState = FakeSource.OPEN
      source.emit('open')
      source.emit('request', JSON.stringify(req(1)))
      source.emit(
        'request',
        JSON.stringify(req(2, { status: 429, code: 'rate_limited', idempotencyKey: 'idem-7' })),
      )
      source.emit('request', '{not json')
      source.emit('request', JSON.stringify({ seq: 'x' }))
    })
    const rows = container.querySelectorAll('[data-testid=platform-row]')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.getAttribute('data-status')).toBe('429')
    expect(rows[0]!.textContent).toContain('rate_limited')
    expect(rows[0]!.textContent).toContain('idem-7')
    expect(container.querySelector('[data-testid=platform-mode]')!.getAttribute('data-mode')).toBe('live')
  })

  test('a refused stream falls back to polling since the last seq', async () => {
    vi.stubGlobal('EventSource', FakeSource)
    const fetch = vi.fn(async (url: URL | string) => {
      const since = Number(new URL(String(url)).searchParams.get('since'))
      return Response.json({ requests: since === 0 ? [req(5), req(6)] : [req(7)] })
    })
    vi.stubGlobal('fetch', fetch)
    const { container } = mount()
    await act(() => {
      FakeSource.last!.readyState = FakeSource.CLOSED
      FakeSource.last!.emit('error')
    })
    await waitFor(() => expect(container.querySelectorAll('[data-testid=platform-row]')).toHaveLength(2))
    expect(String(fetch.mock.calls[0]![0])).toContain('/__sandbox/requests?appId=hello&since=0')
    await waitFor(() => expect(container.querySelectorAll('[data-testid=platform-row]')).toHaveLength(3), {
      timeout: 3000,
    })
    expect(String(fetch.mock.calls.at(-1)![0])).toContain('since=6')
    expect(container.querySelector('[data-testid=platform-mode]')!.getAttribute('data-mode')).toBe('polling')
  })
})
