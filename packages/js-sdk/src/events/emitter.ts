import { closes } from '../bridge.js'

/** A map of event name → the data its listeners receive (`undefined` for events without data). */
export type EventMap = Record<string, unknown>

/** A listener of `E`. */
export type Listener<T> = (data: T) => void

/** What `emit` takes after the name: the data, optional when the event carries `undefined`. */
export type EmitArgs<T> = undefined extends T ? [data?: T] : [data: T]

/** A typed event emitter made by {@link createEmitter}. */
export interface Emitter<Events extends EventMap> {
  /**
   * Adds a listener; answers the function that removes it. Adding a listener already there changes
   * nothing (its first registration stays, like `addEventListener`).
   */
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void
  /** Like {@link Emitter.on}, removed before its first call. */
  once<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void
  /** Removes a listener (nothing happens if it is not there). */
  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): void
  /**
   * Calls the listeners of `event` in the order they were added, synchronously. A listener removed by
   * an earlier one during this emit is not called; one added during it is called from the next emit on.
   * A throwing listener stops no other: its error goes to `onError`.
   */
  emit<E extends keyof Events>(event: E, ...args: EmitArgs<Events[E]>): void
  /** Removes every listener of `event`, or of all events. */
  clear(event?: keyof Events): void
  /** How many listeners `event` has. */
  listenerCount(event: keyof Events): number
}

/** Options of {@link createEmitter}. */
export interface EmitterOptions {
  /**
   * Gets what a listener throws. Default: rethrown in a microtask, so it reaches `window.onerror` (and
   * the console) without stopping the emit.
   */
  onError?: (error: unknown) => void
}

type Registration = { once: boolean }

const rethrow = (error: unknown) =>
  queueMicrotask(() => {
    throw error
  })

/**
 * A typed event emitter for the app's own components. No listener survives the app's `close()`:
 * listeners added before it are dropped.
 *
 * @example
 * ```ts
 * import { createEmitter } from '@chainless/js-sdk/events'
 * const cart = createEmitter<{ added: { sku: string }; cleared: undefined }>()
 * const stop = cart.on('added', ({ sku }) => render(sku))
 * cart.emit('added', { sku: 'tea' })
 * cart.emit('cleared')
 * stop()
 * ```
 */
export function createEmitter<Events extends EventMap>(options: EmitterOptions = {}): Emitter<Events> {
  const { onError = rethrow } = options
  // A Map of Maps: an event named `__proto__` is a key like any other; insertion order is call order.
  let events = new Map<keyof Events, Map<Listener<never>, Registration>>()
  let closed = closes
  // After a close() every listener is gone, however the emitter is reached next.
  const live = () => {
    if (closed !== closes) {
      events = new Map()
      closed = closes
    }
    return events
  }
  const add = (event: keyof Events, listener: Listener<never>, once: boolean) => {
    const map = live().get(event) ?? new Map<Listener<never>, Registration>()
    events.set(event, map)
    const registration = map.get(listener) ?? { once }
    map.set(listener, registration)
    const owner = map
    // Removes this registration only: not a later one of the same listener.
    return () => {
      if (owner.get(listener) === registration) owner.delete(listener)
    }
  }
  return {
    on: (event, listener) => add(event, listener as Listener<never>, false),
    once: (event, listener) => add(event, listener as Listener<never>, true),
    off(event, listener) {
      live()
        .get(event)
        ?.delete(listener as Listener<never>)
    },
    emit(event, ...[data]) {
      const map = live().get(event)
      if (!map) return
      for (const [listener, registration] of [...map]) {
        // Removed (or the app closed) since the emit began: skip.
        if (live().get(event)?.get(listener) !== registration) continue
        if (registration.once) map.delete(listener)
        try {
          ;(listener as Listener<unknown>)(data)
        } catch (error) {
          onError(error)
        }
      }
    },
    clear(event) {
      if (event === undefined) live().clear()
      else live().delete(event)
    },
    listenerCount: (event) => live().get(event)?.size ?? 0,
  }
}
