// The tester's switch: decide consent, signing and transaction sheets without asking (sandbox only).
// The security notice and the app info page still ask: they are about trusting an app, not a request.
import { type UiAdapter, UserRejectedError } from '@chainless/protocol'
import type { AutoDecide } from './prefs.js'

/**
 * Wraps a UI adapter: with `mode()` `approve` every decision sheet is approved at once (consent grants
 * every scope asked), with `reject` it is rejected (4001, as if the user pressed Reject); `off` asks.
 *
 * @example
 * ```ts
 * const ui = autoDecide(createSheetUi(), () => mode)
 * ```
 */
export function autoDecide<U extends UiAdapter>(ui: U, mode: () => AutoDecide): U {
  const decide = <T>(ask: () => Promise<T>, approved: () => T): Promise<T> => {
    const now = mode()
    if (now === 'approve') return Promise.resolve(approved())
    if (now === 'reject')
      return Promise.reject(new UserRejectedError('Rejected by the sandbox (auto-reject)'))
    return ask()
  }
  const confirmed = () => ({ confirmed: true as const })
  return Object.assign(Object.create(ui) as U, {
    consent: (request: Parameters<UiAdapter['consent']>[0]) =>
      decide(
        () => ui.consent(request),
        () => ({ granted: request.scopes }),
      ),
    signMessage: (request: Parameters<UiAdapter['signMessage']>[0]) =>
      decide(() => ui.signMessage(request), confirmed),
    signTypedData: (request: Parameters<UiAdapter['signTypedData']>[0]) =>
      decide(() => ui.signTypedData(request), confirmed),
    transaction: (request: Parameters<UiAdapter['transaction']>[0]) =>
      decide(() => ui.transaction(request), confirmed),
  })
}
