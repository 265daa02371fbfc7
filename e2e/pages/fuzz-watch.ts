// Runs first in the fuzz's wallet page (a classic script before any module): remembers the shared
// prototypes as they are and records every uncaught error and unhandled rejection of the page. It
// uses only functions it captured at start and index loops (no Array.prototype method, no iterator),
// so a polluted prototype cannot blind it.
const PROTOTYPES: [string, object][] = [
  ['Object', Object.prototype],
  ['Array', Array.prototype],
  ['Function', Function.prototype],
]
const ownKeys = Reflect.ownKeys
const ownDescriptor = Reflect.getOwnPropertyDescriptor
const same = Object.is
const text = String
const stringify = JSON.stringify

interface Prop {
  key: PropertyKey
  descriptor: PropertyDescriptor
}
function snapshot(target: object): Prop[] {
  const keys = ownKeys(target)
  const props: Prop[] = []
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    props[props.length] = { key, descriptor: ownDescriptor(target, key)! }
  }
  return props
}
function find(props: Prop[], key: PropertyKey): Prop | undefined {
  for (let i = 0; i < props.length; i++) if (same(props[i]!.key, key)) return props[i]
  return undefined
}
const sameDescriptor = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  same(a.value, b.value) &&
  a.get === b.get &&
  a.set === b.set &&
  a.writable === b.writable &&
  a.enumerable === b.enumerable &&
  a.configurable === b.configurable
const before: Prop[][] = []
for (let i = 0; i < PROTOTYPES.length; i++) before[i] = snapshot(PROTOTYPES[i]![1])

/** What the watch saw: uncaught errors, unhandled rejections, changed prototype properties. */
export interface WatchReport {
  errors: string[]
  rejections: string[]
  /** `Object.prototype.x: added` and the like. */
  prototypes: string[]
  /** The wallet's longest tasks (ms), longest first: where its main thread was busy. */
  longTasks: number[]
}

declare global {
  interface Window {
    /** `report()` is a {@link WatchReport} as JSON: a string survives a polluted page's serializer. */
    fuzzWatch: { report(): string }
  }
}

const errors: string[] = []
const rejections: string[] = []
const longTasks: number[] = []
const describe = (value: unknown) =>
  value instanceof Error ? `${value.name}: ${value.message}\n${value.stack ?? ''}` : typeof value
addEventListener('error', (event) => {
  errors[errors.length] = `${event.message} ${describe(event.error)}`
})
addEventListener('unhandledrejection', (event) => {
  rejections[rejections.length] = describe(event.reason)
})
new PerformanceObserver((list) => {
  const entries = list.getEntries()
  for (let i = 0; i < entries.length; i++) longTasks[longTasks.length] = Math.round(entries[i]!.duration)
}).observe({ type: 'longtask', buffered: true })

/** A copy made without Array.prototype. */
function copy<T>(list: T[]): T[] {
  const out: T[] = []
  for (let i = 0; i < list.length; i++) out[i] = list[i]!
  return out
}

/** The five largest, largest first, by selection (no `sort`). */
function longest(list: number[]): number[] {
  const rest = copy(list)
  const top: number[] = []
  while (top.length < 5 && rest.length > 0) {
    let at = 0
    for (let i = 1; i < rest.length; i++) if (rest[i]! > rest[at]!) at = i
    top[top.length] = rest[at]!
    rest[at] = rest[rest.length - 1]!
    rest.length--
  }
  return top
}

window.fuzzWatch = {
  report() {
    const prototypes: string[] = []
    for (let p = 0; p < PROTOTYPES.length; p++) {
      const [name, target] = PROTOTYPES[p]!
      const old = before[p]!
      const now = snapshot(target)
      for (let i = 0; i < now.length; i++) {
        const { key, descriptor } = now[i]!
        const was = find(old, key)
        if (!was) prototypes[prototypes.length] = `${name}.prototype.${text(key)}: added`
        else if (!sameDescriptor(was.descriptor, descriptor)) {
          prototypes[prototypes.length] = `${name}.prototype.${text(key)}: changed`
        }
      }
      for (let i = 0; i < old.length; i++) {
        if (!find(now, old[i]!.key))
          prototypes[prototypes.length] = `${name}.prototype.${text(old[i]!.key)}: removed`
      }
    }
    return stringify({
      errors: copy(errors),
      rejections: copy(rejections),
      prototypes,
      longTasks: longest(longTasks),
    })
  },
}
