/** What `uiSetMainButton` sets. */
export interface MainButtonState {
  visible: boolean
  text?: string
  enabled?: boolean
  progress?: boolean
}

const STYLE =
  'display:block;box-sizing:border-box;inline-size:100%;min-block-size:48px;margin:8px 0 0;padding:12px 16px;border:0;border-radius:12px;font:600 16px/1.2 system-ui,sans-serif;background:#2f6fed;color:#fff;cursor:pointer'

/**
 * @internal The host's main button of one app, rendered by the host below the app's frame (a sibling of the
 * iframe), so the app cannot restyle, cover or click it. Wallets restyle it with
 * `[data-chainless-main-button]`. Its text is set as text, never as HTML.
 */
export class MainButton {
  readonly #frame: HTMLIFrameElement
  readonly #onPress: () => void
  #button: HTMLButtonElement | undefined
  #state: MainButtonState = { visible: false }

  constructor(frame: HTMLIFrameElement, onPress: () => void) {
    this.#frame = frame
    this.#onPress = onPress
  }

  /** The button element, once the app showed it. */
  get element(): HTMLButtonElement | undefined {
    return this.#button
  }

  /** Applies the app's state (omitted fields keep their previous value; text defaults to "Continue"). */
  set(next: MainButtonState): void {
    this.#state = { ...this.#state, ...next }
    const state = this.#state
    if (!state.visible && !this.#button) return
    const button = this.#button ?? this.#create()
    button.hidden = !state.visible
    button.textContent = state.progress ? '…' : (state.text ?? 'Continue')
    button.disabled = state.enabled === false || state.progress === true
    button.setAttribute('aria-busy', String(state.progress === true))
  }

  /** Removes the button (the app closed). */
  remove(): void {
    this.#button?.remove()
    this.#button = undefined
  }

  #create(): HTMLButtonElement {
    const button = this.#frame.ownerDocument.createElement('button')
    button.type = 'button'
    button.dataset.chainlessMainButton = ''
    button.style.cssText = STYLE
    button.addEventListener('click', () => {
      if (this.#state.visible && this.#state.enabled !== false && !this.#state.progress) this.#onPress()
    })
    this.#frame.after(button)
    this.#button = button
    return button
  }
}
