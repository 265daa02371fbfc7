// The js-sdk speaks comlink's wire format by hand (to stay small). This runs it against comlink's own
// `expose()`, as the host does, so a comlink upgrade that changes the wire fails here, not in apps.
import { expose } from 'comlink'
import { afterEach, expect, it, vi } from 'vitest'
import { context, type FakeHost, installFakeHost } from '../test/fake-host.js'

let host: FakeHost | undefined
let channel: MessageChannel | undefined
afterEach(() => {
  channel?.port1.close()
  channel?.port2.close()
  host = undefined
  vi.unstubAllGlobals()
})

const served = ['ready', 'ping', 'getContext', 'close', 'setBackButton']

it('calls, replies, typed errors and the ready notice work against comlink expose()', async () => {
  host = installFakeHost()
  vi.resetModules()
  const sdk = await import('./index.js')
  const received: unknown[][] = []
  channel = new MessageChannel()
  expose(
    {
      ready: () => null,
      ping: () => ({ time: 7 }),
      // Async handlers, as the host's are.
      close: async (params: unknown) => {
        received.push(['close', params])
        return null
      },
      // The host throws the wire payload as a plain object: comlink sends it as is.
      getContext: () => {
        throw { code: 4100, message: 'Scope not granted', data: { scope: 'profile' } }
      },
      setBackButton: () => {
        throw new Error('a real Error: comlink serialises it without a code')
      },
    },
    channel.port1 as unknown as Parameters<typeof expose>[1],
  )
  const ready = sdk.ready()
  host.dispatch({
    data: { type: 'chainless:welcome', protocol: '1.0', capabilities: served, context },
    ports: [channel.port2],
  })
  expect(await ready).toEqual(context)
  expect(await sdk.call('ping', undefined)).toEqual({ time: 7 })
  await sdk.close({ reason: 'done' })
  expect(received).toEqual([['close', { reason: 'done' }]])
  const denied = await sdk.getContext().catch((e: unknown) => e)
  expect(denied).toBeInstanceOf(sdk.UnauthorizedError)
  expect(denied).toMatchObject({ code: 4100, message: 'Scope not granted', data: { scope: 'profile' } })
  const failed = await sdk.showBackButton().catch((e: unknown) => e)
  expect(failed).toBeInstanceOf(sdk.InternalError)
  expect(failed).toMatchObject({ code: -32603 })
})
