// Imported first: it records the globals before anything else runs, to find prototype pollution.

import type { MessagePort as NodeMessagePort } from 'node:worker_threads'
import { InternalError, InvalidParamsError, UserRejectedError } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { afterAll, describe, expect } from 'vitest'
import { anyMessage, fuzzParameters, replyShapeProblem } from './hostile.fuzz.js'
import { assertNoPoisoning, POISONING_OPTIONS, restoreGlobals } from './poisoning.fuzz.js'
import { TokenBucket } from './rate-limit.js'
import { BridgeSession, type Dispatch } from './session.js'

const served = new Set(['ready', 'close', 'setBackButton', 'getContext', 'ping'])
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

afterAll(() => {
  try {
    assertNoPoisoning(POISONING_OPTIONS)
  } finally {
    restoreGlobals(POISONING_OPTIONS)
  }
})

/** How the fake wallet answers a call: the handler kinds a session must cope with. */
const behaviours = [
  () => ({ time: 1 }),
  async () => ({ time: 2 }),
  () => null,
  () => {
    throw new UserRejectedError()
  },
  async () => {
    throw new InvalidParamsError('Bad', { field: 'x' })
  },
  () => {
    throw new Error('/home/wallet/src/handler.ts:1:1')
  },
  async () => {
    throw new InternalError('x', { secret: 1 }, { cause: new Error('upstream') })
  },
  () => () => 'a function result',
  async () => Symbol('unclonable'),
] as const

/** Messages with a usable id get a unique one, so "answered exactly once" can be counted. */
function numbered(messages: unknown[]): { message: unknown; id: string | undefined }[] {
  return messages.map((message, i) => {
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      return { message, id: undefined }
    const id = (message as { id?: unknown }).id
    if (typeof id !== 'string' || id.length > 64) return { message, id: undefined }
    const copy = { ...(message as object), id: `u${i}` }
    return { message: copy, id: `u${i}` }
  })
}

describe('BridgeSession receive (fuzz, over a real MessageChannel)', () => {
  test.prop(
    [fc.array(anyMessage, { minLength: 1, maxLength: 8 }), fc.nat(behaviours.length - 1)],
    fuzzParameters(120),
  )(
    'answers every message with a usable id exactly once, in the protocol shape, and throws nothing',
    async (messages, behaviour) => {
      const { port1, port2 } = new MessageChannel()
      const app = port2 as unknown as NodeMessagePort
      const reported: unknown[] = []
      const dispatch: Dispatch = () => behaviours[behaviour]!()
      const session = new BridgeSession({
        port: port1,
        served,
        dispatch,
        bucket: new TokenBucket({ capacity: 1_000_000, refillPerSecond: 1_000_000 }),
        onError: (error) => reported.push(error),
      })
      const replies: Record<string, unknown>[] = []
      app.on('message', (reply: Record<string, unknown>) => replies.push(reply))
      const expected = new Set<string>()
      try {
        for (const { message, id } of numbered(messages)) {
          try {
            app.postMessage(message)
          } catch {
            continue // the app cannot send what structured clone refuses
          }
          if (id !== undefined) expected.add(id)
        }
        for (let waited = 0; waited < 3000 && replies.length < expected.size; waited += 5) await pause(5)
        await pause(10) // a second answer to the same id would arrive by now
        const ids = replies.map((reply) => reply.id)
        expect(ids.filter((id) => typeof id === 'string').sort()).toEqual([...expected].sort())
        for (const reply of replies) expect(replyShapeProblem(reply)).toBeUndefined()
        // Only the handlers' own failures are reported, never a host bug.
        for (const error of reported) {
          const known =
            (error instanceof Error && error.message.startsWith('/home/wallet')) ||
            (error instanceof InternalError &&
              ['x', 'Handler result is not plain data'].includes(error.shortMessage))
          expect(known).toBe(true)
        }
        expect(session.closed).toBe(false)
      } finally {
        session.close('test-end')
        app.close()
      }
    },
  )
})
