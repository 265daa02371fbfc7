// The session with an inspector attached (hooks that throw at random, interceptions of every shape,
// well-formed or not): every message still gets exactly one answer, every call passing the guard is
// settled exactly once, and what `settled` says is what the app got.
import { isDeepStrictEqual } from 'node:util'
import type { MessagePort as NodeMessagePort } from 'node:worker_threads'
import { type ErrorPayload, UserRejectedError } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { applyInterception, CallTracer } from './call-tracer.js'
import { anyMessage, fuzzParameters, hostileValue } from './hostile.fuzz.js'
import type { CallOutcome, HostInspector, InspectedCall } from './inspector.js'
import { TokenBucket } from './rate-limit.js'
import { BridgeSession, type Dispatch } from './session.js'

const served = new Set(['ready', 'close', 'setBackButton', 'getContext', 'ping'])
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const behaviours = [
  () => ({ time: 1 }),
  async () => ({ time: 2 }),
  () => {
    throw new UserRejectedError()
  },
  () => () => 'a function result',
] as const

/** What intercept returns: the three shapes, small delays, and malformed values. */
const interception = fc.oneof(
  fc.constant(undefined),
  fc.record({ result: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ result: hostileValue }),
  fc.record({
    error: fc.record({ code: fc.integer({ min: -33000, max: 5000 }), message: fc.string({ maxLength: 20 }) }),
    delayMs: fc.constantFrom(0, 1, 3),
  }),
  fc.record({ delayMs: fc.constantFrom(0, 1, 2) }),
  hostileValue,
)

function numbered(messages: unknown[]): { message: unknown; id: string | undefined }[] {
  return messages.map((message, i) => {
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      return { message, id: undefined }
    const id = (message as { id?: unknown }).id
    if (typeof id !== 'string' || id.length > 64) return { message, id: undefined }
    return { message: { ...(message as object), id: `u${i}` }, id: `u${i}` }
  })
}

/** The reply the app got, as an outcome. */
function outcomeOf(reply: Record<string, unknown>): CallOutcome | undefined {
  if (reply.type === 'RAW') return { ok: true, result: reply.value }
  if (reply.type === 'HANDLER') return { ok: false, error: (reply.value as { value: ErrorPayload }).value }
  return undefined
}

describe('BridgeSession with an inspector (fuzz, over a real MessageChannel)', () => {
  test.prop(
    [
      fc.array(anyMessage, { minLength: 1, maxLength: 8 }),
      fc.nat(behaviours.length - 1),
      fc.array(interception, { minLength: 1, maxLength: 8 }),
      fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
    ],
    fuzzParameters(100),
  )(
    'one answer per message, one settle per call, settled = what the app got, no host bug reported',
    async (messages, behaviour, interceptions, throwing) => {
      const { port1, port2 } = new MessageChannel()
      const app = port2 as unknown as NodeMessagePort
      const reported: unknown[] = []
      const calls: InspectedCall[] = []
      const settled: { call: InspectedCall; outcome: CallOutcome; mocked: boolean }[] = []
      const bug = () => {
        throw new Error('inspector bug')
      }
      let next = 0
      const [tCall, tIntercept, tSettled, tRefused, , tAfter] = throwing
      const inspector: HostInspector = {
        call: (call) => {
          calls.push(call)
          if (tCall) bug()
        },
        intercept: () => {
          if (tIntercept && next % 3 === 2) bug()
          return interceptions[next++ % interceptions.length] as never
        },
        settled: (call, outcome, _ms, mocked) => {
          settled.push({ call, outcome, mocked })
          if (tSettled) bug()
        },
        refused: tRefused ? bug : () => undefined,
        ...(tAfter ? { event: bug } : {}),
      }
      const tracer = new CallTracer(
        inspector,
        () => '',
        (error) => reported.push(error),
      )
      const dispatch: Dispatch = (_method, _params, signal, trace) => {
        const real = () => behaviours[behaviour]!()
        const interception = trace ? tracer.intercept(trace) : undefined
        if (!trace || interception === undefined) return real()
        trace.mocked = true
        return applyInterception(interception, signal, real)
      }
      const session = new BridgeSession({
        port: port1,
        served,
        dispatch,
        bucket: new TokenBucket({ capacity: 1_000_000, refillPerSecond: 1_000_000 }),
        onError: (error) => reported.push(error),
        inspect: { tracer, appId: 'fuzz' },
      })
      const replies: Record<string, unknown>[] = []
      app.on('message', (reply: Record<string, unknown>) => replies.push(reply))
      const expected = new Set<string>()
      try {
        for (const { message, id } of numbered(messages)) {
          try {
            app.postMessage(message)
          } catch {
            continue
          }
          if (id !== undefined) expected.add(id)
        }
        for (let waited = 0; waited < 3000 && replies.length < expected.size; waited += 5) await pause(5)
        await pause(10)
        expect(replies.map((r) => r.id).sort()).toEqual([...expected].sort())
        // Every call settled exactly once.
        expect(settled.map((s) => s.call.seq).sort()).toEqual(calls.map((c) => c.seq).sort())
        expect(new Set(calls.map((c) => c.seq)).size).toBe(calls.length)
        // Each settle matches a reply the app got (a multiset: remove as matched).
        const pool = replies.map(outcomeOf)
        for (const { outcome } of settled) {
          const at = pool.findIndex((o) => o !== undefined && isDeepStrictEqual(o, outcome))
          expect(at, JSON.stringify(outcome)).toBeGreaterThanOrEqual(0)
          pool.splice(at, 1)
        }
        // Reported: the inspector's own failures, malformed interceptions, the handlers' non-plain
        // result; never a mocked -32603.
        for (const error of reported) {
          const known =
            (error instanceof Error && error.message === 'inspector bug') ||
            error instanceof TypeError ||
            (error instanceof Error && error.message.startsWith('Handler result is not plain data'))
          expect(known, String(error)).toBe(true)
        }
        expect(session.closed).toBe(false)
      } finally {
        session.close('test-end')
        app.close()
      }
    },
  )
})
