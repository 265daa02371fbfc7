import { type CallOptions, call } from '../call.js'
import { onUiEvent } from './events.js'

/** The state of the host's main button (omitted fields keep their previous value). */
export interface MainButtonParams {
  visible: boolean
  /** 1 to 64 characters. Default "Continue". */
  text?: string
  /** Default true. */
  enabled?: boolean
  /** Shows a busy state and ignores presses. */
  progress?: boolean
}

/**
 * The host's main button, below the app: drawn by the host, so it looks and behaves like the
 * wallet's own. Presses reach {@link mainButton.onPress} listeners.
 * @example
 * ```ts
 * await mainButton.show('Pay 5 DW20')
 * const stop = mainButton.onPress(async () => {
 *   await mainButton.set({ visible: true, progress: true })
 *   await pay()
 *   await mainButton.hide()
 * })
 * ```
 */
export const mainButton = {
  /** Sets the button's state. */
  async set(params: MainButtonParams, options?: CallOptions): Promise<void> {
    await call('uiSetMainButton', params, options)
  },
  /** Shows the button (enabled), with `text` when given. */
  async show(text?: string, options?: CallOptions): Promise<void> {
    await call(
      'uiSetMainButton',
      text === undefined ? { visible: true, enabled: true } : { visible: true, enabled: true, text },
      options,
    )
  },
  /** Hides the button. */
  async hide(options?: CallOptions): Promise<void> {
    await call('uiSetMainButton', { visible: false }, options)
  },
  /** Listens to presses; returns a function that removes the listener. */
  onPress(listener: () => void): () => void {
    return onUiEvent('mainButtonPressed', () => listener())
  },
}
