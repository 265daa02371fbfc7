import type { HostEventName, UiActionEvents } from '@chainless/protocol'
import { on } from '../events.js'

/**
 * @internal Listens to a UI action event. They are declared with the UI actions (`UiActionEvents`)
 * rather than in `HostEvents`, hence the one widening here; the bridge delivers them like any other.
 */
export function onUiEvent<E extends keyof UiActionEvents>(
  event: E,
  listener: (data: UiActionEvents[E]) => void,
): () => void {
  return on(event as unknown as HostEventName, listener as never)
}

/**
 * Listens to the app's visible height (CSS px), sent after {@link expand} and whenever the host
 * resizes the app. Returns a function that removes the listener.
 * @example
 * ```ts
 * const stop = onViewportChanged(({ height }) => (document.body.style.minHeight = `${height}px`))
 * ```
 */
export function onViewportChanged(
  listener: (viewport: UiActionEvents['viewportChanged']) => void,
): () => void {
  return onUiEvent('viewportChanged', listener)
}
