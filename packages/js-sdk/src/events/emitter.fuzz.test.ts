// Model-based fuzz of the emitter: random sequences of on / once / off / unsubscribe / emit / clear /
// close against a plain model (an ordered list of registrations per event), with listeners that throw
// or change the registrations while an emit runs. Replay with FUZZ_SEED (and FUZZ_PATH).
import { env } from 'node:process'
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { dropListeners } from '../bridge.js'
import { createEmitter, type Emitter } from './emitter.js'

function fuzzParameters(defaultRuns: number) {
  const runs = Number(env.FUZZ_RUNS)
  const seed = Number(env.FUZZ_SEED)
  return {
    numRuns: Number.isSafeInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(env.FUZZ_SEED !== undefined && Number.isSafeInteger(seed) ? { seed } : {}),
    ...(env.FUZZ_PATH ? { path: env.FUZZ_PATH } : {}),
  }
}

const EVENTS = ['a', '__proto__'] as const
type Name = (typeof EVENTS)[number]
type Events = Record<Name, number>
/** What a listener does when called (besides being recorded). */
type Behaviour = 'plain' | 'throws' | { off: number } | { on: number }
const LISTENERS = 5

interface Registration {
  id: number
  once: boolean
  /** Identity of the registration, for unsubscribe functions made by it. */
  token: object
}
interface Model {
  regs: Map<Name, Registration[]>
}
interface Real {
  emitter: Emitter<Events>
  calls: number[]
  errors: number
  listeners: ((n: number) => void)[]
  unsubscribes: { event: Name; token: object; run: () => void }[]
}

const event = fc.constantFrom(...EVENTS)
const listener = fc.integer({ min: 0, max: LISTENERS - 1 })

const find = (m: Model, e: Name, id: number) => (m.regs.get(e) ?? []).find((r) => r.id === id)
function modelAdd(m: Model, e: Name, id: number, once: boolean): Registration {
  const existing = find(m, e, id)
  if (existing) return existing
  const reg = { id, once, token: {} }
  m.regs.set(e, [...(m.regs.get(e) ?? []), reg])
  return reg
}
const modelRemove = (m: Model, e: Name, pred: (r: Registration) => boolean) =>
  m.regs.set(
    e,
    (m.regs.get(e) ?? []).filter((r) => !pred(r)),
  )

class On implements fc.Command<Model, Real> {
  constructor(
    readonly e: Name,
    readonly id: number,
    readonly once: boolean,
  ) {}
  check = () => true
  run(m: Model, r: Real) {
    const reg = modelAdd(m, this.e, this.id, this.once)
    const run = (this.once ? r.emitter.once : r.emitter.on)(this.e, r.listeners[this.id]!)
    r.unsubscribes.push({ event: this.e, token: reg.token, run })
  }
  toString = () => `${this.once ? 'once' : 'on'}(${this.e}, L${this.id})`
}
class Off implements fc.Command<Model, Real> {
  constructor(
    readonly e: Name,
    readonly id: number,
  ) {}
  check = () => true
  run(m: Model, r: Real) {
    modelRemove(m, this.e, (reg) => reg.id === this.id)
    r.emitter.off(this.e, r.listeners[this.id]!)
  }
  toString = () => `off(${this.e}, L${this.id})`
}
class Unsubscribe implements fc.Command<Model, Real> {
  constructor(readonly index: number) {}
  check = () => true
  run(m: Model, r: Real) {
    if (r.unsubscribes.length === 0) return
    const u = r.unsubscribes[this.index % r.unsubscribes.length]!
    modelRemove(m, u.event, (reg) => reg.token === u.token)
    u.run()
  }
  toString = () => `unsubscribe#${this.index}`
}
class Clear implements fc.Command<Model, Real> {
  constructor(readonly e: Name | undefined) {}
  check = () => true
  run(m: Model, r: Real) {
    if (this.e === undefined) m.regs.clear()
    else m.regs.delete(this.e)
    r.emitter.clear(this.e)
  }
  toString = () => `clear(${this.e ?? ''})`
}
class Close implements fc.Command<Model, Real> {
  check = () => true
  run(m: Model) {
    m.regs.clear()
    dropListeners()
  }
  toString = () => 'close()'
}
class Emit implements fc.Command<Model, Real> {
  constructor(
    readonly e: Name,
    readonly behaviours: Behaviour[],
  ) {}
  check = () => true
  run(m: Model, r: Real) {
    // The model's emit: a snapshot; each registration still present when its turn comes is called.
    const expected: number[] = []
    let errors = 0
    for (const reg of [...(m.regs.get(this.e) ?? [])]) {
      if (!(m.regs.get(this.e) ?? []).includes(reg)) continue
      if (reg.once) modelRemove(m, this.e, (x) => x === reg)
      expected.push(reg.id)
      const b = this.behaviours[reg.id]!
      if (b === 'throws') errors++
      else if (typeof b === 'object' && 'off' in b) modelRemove(m, this.e, (x) => x.id === b.off)
      else if (typeof b === 'object') modelAdd(m, this.e, b.on, false)
    }
    r.calls = []
    r.errors = 0
    // The real listeners act on this emit's event as the behaviours say.
    current = { real: r, event: this.e, behaviours: this.behaviours }
    r.emitter.emit(this.e, 1)
    current = undefined
    expect(r.calls).toEqual(expected)
    expect(r.errors).toBe(errors)
    for (const name of EVENTS) expect(r.emitter.listenerCount(name)).toBe((m.regs.get(name) ?? []).length)
  }
  toString = () => `emit(${this.e}, ${JSON.stringify(this.behaviours)})`
}

// The emit in progress: listeners are fixed functions (identity matters), their behaviour is per emit.
let current: { real: Real; event: Name; behaviours: Behaviour[] } | undefined

const behaviour: fc.Arbitrary<Behaviour> = fc.oneof(
  fc.constant('plain' as const),
  fc.constant('throws' as const),
  listener.map((off) => ({ off })),
  listener.map((on) => ({ on })),
)
const on = fc.tuple(event, listener, fc.boolean()).map(([e, id, once]) => new On(e, id, once))
// Registrations are weighted up (three of the commands add one), so emits find listeners to call.
const commands = [
  on,
  on,
  on,
  fc.tuple(event, listener).map(([e, id]) => new Off(e, id)),
  fc.nat(20).map((i) => new Unsubscribe(i)),
  fc.option(event, { nil: undefined }).map((e) => new Clear(e)),
  fc.constant(new Close()),
  ...Array.from({ length: 2 }, () =>
    fc
      .tuple(event, fc.array(behaviour, { minLength: LISTENERS, maxLength: LISTENERS }))
      .map(([e, b]) => new Emit(e, b)),
  ),
]

test.prop([fc.commands(commands, { maxCommands: 60, size: 'large' })], fuzzParameters(300))(
  'any sequence of on/once/off/unsubscribe/emit/clear/close matches the model',
  (cmds) => {
    const real: Real = {
      emitter: createEmitter<Events>({ onError: () => real.errors++ }),
      calls: [],
      errors: 0,
      listeners: [],
      unsubscribes: [],
    }
    for (let id = 0; id < LISTENERS; id++) {
      real.listeners.push(() => {
        real.calls.push(id)
        const c = current!
        const b = c.behaviours[id]!
        if (b === 'throws') throw new Error(`L${id}`)
        if (typeof b === 'object' && 'off' in b) c.real.emitter.off(c.event, c.real.listeners[b.off]!)
        else if (typeof b === 'object') c.real.emitter.on(c.event, c.real.listeners[b.on]!)
      })
    }
    fc.modelRun(() => ({ model: { regs: new Map() }, real }), cmds)
  },
)
