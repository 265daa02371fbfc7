import type { HostEventName, HostEvents } from '@chainless/protocol'
import { listeners } from './bridge.js'

/**
 * Listens to a host event (`themeChanged`, `visibilityChanged`, `backButton`, ...). Returns a function
 * that removes the listener. A throwing listener does not affect others.
 *
 * @example
 * ```ts
 * const stop = on('themeChanged', (theme) => (document.documentElement.dataset.theme = theme))
 * ```
 */
export function on<E extends HostEventName>(event: E, listener: (data: HostEvents[E]) => void): () => void {
  let set = listeners.get(event)
  if (!set) {
    set = new Set()
    listeners.set(event, set)
  }
  set.add(listener as (data: never) => void)
  return () => off(event, listener)
}

/** Removes a listener added with {@link on}. */
export function off<E extends HostEventName>(event: E, listener: (data: HostEvents[E]) => void): void {
  listeners.get(event)?.delete(listener as (data: never) => void)
}
