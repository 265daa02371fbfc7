import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'
import { css, cx } from '../styles.js'

const CSS = `.cl-toasts{position:fixed;inset-inline:16px;inset-block-end:24px;display:flex;justify-content:center;pointer-events:none;z-index:2147483647}
.cl-toast{pointer-events:auto;max-inline-size:480px;padding:12px 16px;border-radius:var(--cl-r-2);background:var(--cl-text);color:var(--cl-bg);font-size:var(--cl-fs-2);overflow-wrap:anywhere;animation:cl-fade var(--cl-dur)}
.cl-toast-danger{background:var(--cl-danger);color:var(--cl-on-danger)}
@keyframes cl-fade{from{opacity:0}}`

/** Props of {@link Toast}. */
export interface ToastProps {
  open: boolean
  children?: ComponentChildren
  /** Milliseconds before `onClose` is called (default 3000; 0 keeps it open). */
  duration?: number
  onClose?: () => void
  tone?: 'neutral' | 'danger'
}

/**
 * A short message at the bottom of the screen, announced politely (`role="status"`; `alert` for
 * `danger`). The live region is always rendered so screen readers announce the message when it appears.
 * @example
 * ```tsx
 * <Toast open={copied} onClose={() => setCopied(false)}>Copied</Toast>
 * ```
 */
export function Toast({ open, children, duration = 3000, onClose, tone = 'neutral' }: ToastProps) {
  css('toast', CSS)
  useEffect(() => {
    if (!open || !duration || !onClose) return
    const id = setTimeout(onClose, duration)
    return () => clearTimeout(id)
  }, [open, duration, onClose])
  return (
    <div
      class="cl-toasts"
      role={tone === 'danger' ? 'alert' : 'status'}
      aria-live={tone === 'danger' ? 'assertive' : 'polite'}
    >
      {open && <div class={cx('cl-toast', tone === 'danger' && 'cl-toast-danger')}>{children}</div>}
    </div>
  )
}
