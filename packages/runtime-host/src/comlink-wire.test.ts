/**
 * Wire compatibility with comlink itself (issue 7, design debt): comlink's own `wrap()` drives a
 * BridgeSession, and the exact messages it puts on the wire are pinned. A comlink upgrade that
 * changes its wire format fails here, in CI, not in users' wallets.
 */
import type { MessagePort as NodeMessagePort } from 'node:worker_threads'
import { type MethodName, UserRejectedError } from '@chainless/protocol'
import { type Remote, releaseProxy, wrap } from 'comlink'
import { afterEach, describe, expect, it } from 'vitest'
import { TokenBucket } from './rate-limit.js'
import { BridgeSession } from './session.js'

type Api = Record<MethodName, (params?: unknown) => Promise<unknown>> & { nope(): Promise<unknown> }

const context = { locale: 'en', theme: 'dark', launchParams: { ref: 'home' } }
const open: (() => void)[] = []
afterEach(() => {
  for (const close of open.splice(0)) close()
})

function connect(): { remote: Remote<Api>; sent: unknown[]; received: unknown[] } {
  const { port1, port2 } = new MessageChannel()
  const session = new BridgeSession({
    port: port1,
    served: new Set(['ready', 'close', 'setBackButton', 'getContext', 'ping']),
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 100 }),
    dispatch: async (method) => {
      if (method === 'ping') return { time: 42 }
      if (method === 'getContext') return context
      if (method === 'close') throw new UserRejectedError()
      return null
    },
  })
  const app = port2 as unknown as NodeMessagePort
  const sent: unknown[] = []
  const received: unknown[] = []
  const post = app.postMessage.bind(app)
  app.postMessage = (message: unknown, transfer?: never) => {
    sent.push(message)
    post(message, transfer)
  }
  app.on('message', (message) => received.push(message))
  open.push(() => {
    session.close('test-end')
    app.close()
  })
  return { remote: wrap<Api>(app as never), sent, received }
}

describe("comlink's own wrap() against the host", () => {
  it('calls methods, gets RAW results, and the wire is what the guard expects', async () => {
    const { remote, sent, received } = connect()
    expect(await remote.ping()).toEqual({ time: 42 })
    expect(await remote.getContext()).toEqual(context)
    expect(await remote.setBackButton({ visible: true })).toBeNull()
    expect(sent).toEqual([
      { id: expect.any(String), type: 'APPLY', path: ['ping'], argumentList: [] },
      { id: expect.any(String), type: 'APPLY', path: ['getContext'], argumentList: [] },
      {
        id: expect.any(String),
        type: 'APPLY',
        path: ['setBackButton'],
        argumentList: [{ type: 'RAW', value: { visible: true } }],
      },
    ])
    expect(received).toEqual([
      { id: (sent[0] as { id: string }).id, type: 'RAW', value: { time: 42 } },
      { id: (sent[1] as { id: string }).id, type: 'RAW', value: context },
      { id: (sent[2] as { id: string }).id, type: 'RAW', value: null },
    ])
  })

  it('rejects with the plain error payload on a handler error, invalid params and an unknown method', async () => {
    const { remote, received } = connect()
    await expect(remote.close()).rejects.toEqual({ code: 4001, message: 'User rejected the request' })
    await expect(remote.setBackButton({ visible: 'yes' })).rejects.toMatchObject({
      code: -32602,
      data: { method: 'setBackButton' },
    })
    await expect(remote.nope()).rejects.toMatchObject({ code: 4200 })
    expect(received[0]).toEqual({
      id: expect.any(String),
      type: 'HANDLER',
      name: 'throw',
      value: { isError: false, value: { code: 4001, message: 'User rejected the request' } },
    })
  })

  it('refuses comlink GET (property reads) with 4200 and acknowledges releaseProxy', async () => {
    const { remote, sent } = connect()
    await expect(
      (remote as unknown as { ping: PromiseLike<unknown> }).ping.then((v) => v),
    ).rejects.toMatchObject({ code: 4200 })
    await remote[releaseProxy]()
    expect(sent.at(-1)).toEqual({ id: expect.any(String), type: 'RELEASE' })
  })
})
