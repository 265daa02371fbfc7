import type { ButtonHTMLAttributes } from 'preact'
import { css, cx } from '../styles.js'
import { ArmedContext } from './armed.js'
import { SPINNER_CSS } from './Spinner.js'

const CSS = `.cl-btn{display:inline-flex;align-items:center;justify-content:center;gap:8px;min-block-size:44px;padding:8px 16px;border-radius:var(--cl-r-2);border:1px solid var(--cl-border);background:var(--cl-surface);color:var(--cl-text);font:inherit;font-weight:600;line-height:1.25;cursor:pointer}
.cl-btn:hover{filter:brightness(.95)}
.cl-btn-primary{background:var(--cl-primary);border-color:var(--cl-primary);color:var(--cl-on-primary)}
.cl-btn-danger{background:var(--cl-danger);border-color:var(--cl-danger);color:var(--cl-on-danger)}
.cl-btn-ghost{background:none;border-color:transparent;color:var(--cl-primary)}
.cl-btn-block{display:flex;inline-size:100%}
.cl-btn:disabled,.cl-btn[aria-disabled=true]{cursor:not-allowed;opacity:.5}`

/** Props of {@link Button}: every `<button>` attribute plus the ones below. */
export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** `primary` for the main action, `danger` for a risky one; default `secondary`. */
  variant?: 'primary' | 'secondary' | 'ghost' | 'danger'
  /** Shows a spinner and disables the button while an action runs. */
  loading?: boolean
  /** Full width. */
  block?: boolean
  /**
   * A sheet's primary action: inert (`aria-disabled`, clicks ignored, still focusable) until the
   * enclosing {@link Sheet} has been shown for its arming delay.
   */
  arm?: boolean
}

/**
 * A button. `type` defaults to `button` (not `submit`); `loading` disables it and sets `aria-busy`.
 * @example
 * ```tsx
 * <Button variant="primary" loading={saving} onClick={save}>Save</Button>
 * ```
 */
export function Button({
  variant = 'secondary',
  loading = false,
  block = false,
  arm = false,
  disabled,
  onClick,
  type = 'button',
  class: className,
  children,
  ...rest
}: ButtonProps) {
  css('btn', SPINNER_CSS + CSS)
  // A Consumer, not useContext: a lone Button import stays free of preact/hooks.
  const button = (waiting: boolean) => (
    <button
      {...rest}
      type={type}
      class={cx('cl-btn', `cl-btn-${variant}`, block && 'cl-btn-block', className as string)}
      disabled={disabled || loading}
      aria-busy={loading ? 'true' : undefined}
      aria-disabled={waiting ? 'true' : rest['aria-disabled']}
      onClick={waiting ? undefined : onClick}
    >
      {loading && <span class="cl-spin" aria-hidden="true" />}
      {children}
    </button>
  )
  return arm ? <ArmedContext.Consumer>{(armed) => button(!armed)}</ArmedContext.Consumer> : button(false)
}
