import type { AppContext } from '@chainless/protocol'
import { dropListeners } from './bridge.js'
import { type CallOptions, call } from './call.js'

/**
 * Asks the host to close the app. Every listener goes first, whatever the host answers: those of host
 * events ({@link on}) and those of the emitters of `@chainless/js-sdk/events`.
 * @example
 * ```ts
 * await close({ reason: 'done' })
 * ```
 */
export async function close(options: CallOptions & { reason?: string } = {}): Promise<void> {
  const { reason, ...callOptions } = options
  dropListeners()
  await call('close', reason === undefined ? undefined : { reason }, callOptions)
}

/** Shows the host's back button; presses arrive as the `backButton` event (see {@link on}). */
export async function showBackButton(options: CallOptions = {}): Promise<void> {
  await call('setBackButton', { visible: true }, options)
}

/** Hides the host's back button. */
export async function hideBackButton(options: CallOptions = {}): Promise<void> {
  await call('setBackButton', { visible: false }, options)
}

/** The host's current context (theme and insets may have changed since {@link ready}). */
export function getContext(options: CallOptions = {}): Promise<AppContext> {
  return call('getContext', undefined, options)
}
