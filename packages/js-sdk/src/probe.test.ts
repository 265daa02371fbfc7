import { afterEach, expect, it, vi } from 'vitest'
import { connectedSdk, type FakeHost, flush, HOST_ORIGIN, installFakeHost } from '../test/fake-host.js'

let host: FakeHost | undefined
afterEach(() => {
  host?.close()
  host = undefined
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const acks = (fake: FakeHost) =>
  fake.parent.postMessage.mock.calls.filter(([message]) => message?.type === 'chainless:probe-ack')

it('answers a window-level probe from window.parent on the host origin, to that origin', async () => {
  const connected = await connectedSdk()
  host = connected.host
  host.probe('p1')
  expect(acks(host)).toEqual([[{ type: 'chainless:probe-ack', id: 'p1' }, HOST_ORIGIN]])
  // A 64-character id is still an id.
  host.probe('x'.repeat(64))
  expect(acks(host)).toHaveLength(2)
})

it('answers nobody before a connection', async () => {
  host = installFakeHost()
  vi.resetModules()
  const sdk = await import('./index.js')
  host.probe('early')
  void sdk.ready({ timeout: 50 }).catch(() => undefined)
  host.probe('during')
  await flush()
  expect(acks(host)).toEqual([])
})

it.each([
  ['another window', { source: { postMessage() {} } }, 'p'],
  ['another origin', { origin: 'https://evil.example' }, 'p'],
  ['an id longer than 64', {}, 'x'.repeat(65)],
  ['a non-string id', {}, 7],
  ['an object id', {}, { toString: () => 'p' }],
])('ignores a probe from %s', async (_, init, id) => {
  const connected = await connectedSdk()
  host = connected.host
  host.probe(id, init)
  host.dispatch({ data: { type: 'chainless:probe' } })
  host.dispatch({ data: null })
  host.dispatch({ data: 'chainless:probe' })
  expect(acks(host)).toEqual([])
})

it('keeps answering between sessions (after the host disconnected), on the same origin', async () => {
  const connected = await connectedSdk()
  host = connected.host
  connected.port.post({ type: 'chainless:disconnect', reason: 'host' })
  await flush()
  host.probe('after')
  expect(acks(host)).toEqual([[{ type: 'chainless:probe-ack', id: 'after' }, HOST_ORIGIN]])
})

it('stops answering the host it refused (origin pinning)', async () => {
  const connected = await connectedSdk()
  host = connected.host
  await expect(connected.sdk.ready({ hostOrigins: ['https://pinned.example'] })).rejects.toMatchObject({
    code: 4100,
  })
  host.probe('refused')
  expect(acks(host)).toEqual([])
})
