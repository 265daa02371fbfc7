import type { UiActionEvents } from '@chainless/protocol'
import { type CallOptions, call } from '../call.js'

/**
 * Asks the host for all the height it can give the app. Resolves with the new viewport (also sent as
 * the `viewportChanged` event, see {@link onViewportChanged}).
 * @example
 * ```ts
 * const { height } = await expand()
 * ```
 */
export function expand(options?: CallOptions): Promise<UiActionEvents['viewportChanged']> {
  return call('uiExpand', undefined, options)
}
