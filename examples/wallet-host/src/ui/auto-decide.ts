// The tester's switches: decide consent, signing and transaction sheets without asking (sandbox only),
// and per-account presets (an account that rejects every request, one that is read-only).
// The security notice and the app info page still ask: they are about trusting an app, not a request.
import { type UiAdapter, UserRejectedError } from '@chainless/protocol'
import type { AutoDecide } from './prefs.js'

/**
 * What a test account lets apps do: `normal` defers to the auto-decide switch, `reject-all` rejects
 * every consent, signing and transaction sheet (4001), `read-only` rejects signing and sending
 * (transactions and payments) but lets apps connect and ask for consent.
 */
export type AccountPreset = 'normal' | 'reject-all' | 'read-only'

/** Every {@link AccountPreset}, in the order the workbench offers them. */
export const ACCOUNT_PRESETS: readonly AccountPreset[] = ['normal', 'reject-all', 'read-only']

/** Whether `value` is an {@link AccountPreset}. */
export const isAccountPreset = (value: unknown): value is AccountPreset =>
  value === 'normal' || value === 'reject-all' || value === 'read-only'

type Sheet = 'consent' | 'sign' | 'send'

/** Whether `preset` refuses a sheet of this kind (the request never reaches the user). */
function refuses(preset: AccountPreset, sheet: Sheet): boolean {
  if (preset === 'reject-all') return true
  return preset === 'read-only' && sheet !== 'consent'
}

/**
 * Wraps a UI adapter: the current account's `preset()` decides first (`reject-all` and `read-only`
 * answer 4001 without a sheet for what they refuse); then with `mode()` `approve` every decision sheet
 * is approved at once (consent grants every scope asked), with `reject` it is rejected (4001, as if the
 * user pressed Reject); `off` asks. Both are read per request, so a switch applies to the next one.
 *
 * @example
 * ```ts
 * const ui = autoDecide(createSheetUi(), () => mode, () => accounts.preset(host.wallet?.account ?? ''))
 * ```
 */
export function autoDecide<U extends UiAdapter>(
  ui: U,
  mode: () => AutoDecide,
  preset: () => AccountPreset = () => 'normal',
): U {
  const decide = <T>(sheet: Sheet, ask: () => Promise<T>, approved: () => T): Promise<T> => {
    const current = readPreset(preset)
    if (refuses(current, sheet))
      return Promise.reject(new UserRejectedError(`Rejected by the sandbox (account preset ${current})`))
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
        'consent',
        () => ui.consent(request),
        () => ({ granted: request.scopes }),
      ),
    signMessage: (request: Parameters<UiAdapter['signMessage']>[0]) =>
      decide('sign', () => ui.signMessage(request), confirmed),
    signTypedData: (request: Parameters<UiAdapter['signTypedData']>[0]) =>
      decide('sign', () => ui.signTypedData(request), confirmed),
    transaction: (request: Parameters<UiAdapter['transaction']>[0]) =>
      decide('send', () => ui.transaction(request), confirmed),
  })
}

/** The preset, `normal` when the callback throws or answers something else (never blocks a sheet by accident). */
function readPreset(preset: () => AccountPreset): AccountPreset {
  try {
    const value = preset()
    return isAccountPreset(value) ? value : 'normal'
  } catch {
    return 'normal'
  }
}
