import type { PopupButtonStyle } from '@chainless/protocol'
import { type CallOptions, call } from '../call.js'

/** A popup button: `id` is what {@link showPopup} resolves with when it is pressed. */
export interface PopupButton {
  id: string
  text: string
  /** `destructive` for a dangerous choice, `cancel` for the way out. Default `default`. */
  style?: PopupButtonStyle
}

/** What {@link showPopup} shows. */
export interface PopupParams {
  /** Default: the app's name. */
  title?: string
  /** 1 to 1024 characters, shown as text. */
  message: string
  /** 1 to 3 buttons with distinct ids. Default: one "OK" button (id `ok`). */
  buttons?: readonly PopupButton[]
}

/**
 * Shows a popup from the host. Resolves with the id of the button the user pressed, or `null` when
 * they dismissed it. Rejects with -32602 for invalid params, 4290 when the app shows popups too often.
 * @example
 * ```ts
 * const choice = await showPopup({
 *   message: 'Delete this list?',
 *   buttons: [{ id: 'delete', text: 'Delete', style: 'destructive' }, { id: 'keep', text: 'Keep', style: 'cancel' }],
 * })
 * if (choice === 'delete') remove()
 * ```
 */
export async function showPopup(params: PopupParams, options?: CallOptions): Promise<string | null> {
  return (await call('uiShowPopup', params, options)).buttonId
}

/**
 * Asks the user to confirm `message` (OK / Cancel). Resolves `true` for OK; `false` for Cancel or a
 * dismissed popup.
 * @example
 * ```ts
 * if (await confirm('Leave without saving?')) history.back()
 * ```
 */
export async function confirm(message: string, options?: CallOptions): Promise<boolean> {
  const buttons = [
    { id: 'cancel', text: 'Cancel', style: 'cancel' },
    { id: 'ok', text: 'OK' },
  ] as const
  return (await showPopup({ message, buttons }, options)) === 'ok'
}
