// Runs first in the fuzz's wallet page (a classic script before any module): remembers the shared
// prototypes as they are and records every uncaught error and unhandled rejection of the page.
const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype }

type Snapshot = Map<PropertyKey, PropertyDescriptor>
const snapshot = (target: object): Snapshot =>
  new Map(Reflect.ownKeys(target).map((key) => [key, Reflect.getOwnPropertyDescriptor(target, key)!]))
const before = Object.entries(PROTOTYPES).map(([name, target]) => ({ name, target, props: snapshot(target) }))

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
    fuzzWatch: { report(): WatchReport }
  }
}

const errors: string[] = []
const rejections: string[] = []
const text = (value: unknown) =>
  value instanceof Error ? `${value.name}: ${value.message}\n${value.stack ?? ''}` : typeof value
addEventListener('error', (event) => errors.push(`${event.message} ${text(event.error)}`))
addEventListener('unhandledrejection', (event) => rejections.push(text(event.reason)))
const longTasks: number[] = []
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration))
}).observe({ type: 'longtask', buffered: true })

const same = (a: PropertyDescriptor, b: PropertyDescriptor) =>
  Object.is(a.value, b.value) &&
  a.get === b.get &&
  a.set === b.set &&
  a.writable === b.writable &&
  a.enumerable === b.enumerable &&
  a.configurable === b.configurable

window.fuzzWatch = {
  report() {
    const prototypes: string[] = []
    for (const { name, target, props } of before) {
      const now = snapshot(target)
      for (const [key, descriptor] of now) {
        const old = props.get(key)
        if (!old) prototypes.push(`${name}.prototype.${String(key)}: added`)
        else if (!same(old, descriptor)) prototypes.push(`${name}.prototype.${String(key)}: changed`)
      }
      for (const key of props.keys()) {
        if (!now.has(key)) prototypes.push(`${name}.prototype.${String(key)}: removed`)
      }
    }
    const longest = [...longTasks].sort((a, b) => b - a).slice(0, 5)
    return { errors: [...errors], rejections: [...rejections], prototypes, longTasks: longest }
  },
}
