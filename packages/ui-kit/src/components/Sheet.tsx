import type { ComponentChildren } from 'preact'
import { useContext, useId, useLayoutEffect, useRef } from 'preact/hooks'
import { I18nContext } from '../i18n.js'
import { css, cx, helpers } from '../styles.js'

const CSS = `.cl-scrim{position:fixed;inset:0;z-index:2147483646;display:flex;align-items:flex-end;justify-content:center;background:var(--cl-scrim);animation:cl-fade var(--cl-dur)}
.cl-sheet{display:flex;flex-direction:column;inline-size:100%;max-block-size:92vh;background:var(--cl-surface);color:var(--cl-text);border-radius:var(--cl-r-3) var(--cl-r-3) 0 0;box-shadow:0 -8px 32px #0004;animation:cl-up var(--cl-dur) var(--cl-ease);outline:0}
@media (min-width:600px){.cl-scrim{align-items:center;padding:24px}.cl-sheet{max-inline-size:480px;max-block-size:86vh;border-radius:var(--cl-r-3)}}
.cl-sheet-head{display:flex;align-items:center;gap:8px;padding:16px 8px 8px 16px;padding-inline:16px 8px}
.cl-sheet-title{flex:1;margin:0;font-size:var(--cl-fs-4);overflow-wrap:anywhere}
.cl-sheet-body{flex:1;overflow:auto;overscroll-behavior:contain;padding:8px 16px 16px;display:flex;flex-direction:column;gap:16px}
.cl-sheet-foot{display:flex;flex-wrap:wrap;gap:8px;padding:12px 16px 16px;border-block-start:1px solid var(--cl-border)}
.cl-sheet-foot>*{flex:1 1 40%}
.cl-sheet-foot>p{flex-basis:100%;margin:0;font-size:var(--cl-fs-2);color:var(--cl-text-2)}
@keyframes cl-fade{from{opacity:0}}@keyframes cl-up{from{transform:translateY(24px)}}`

const FOCUSABLE =
  'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"]),summary'

/** Open sheets, topmost last: only the topmost handles Escape and traps focus. */
const stack: symbol[] = []
let locks = 0
let savedOverflow = ''

/** Props of {@link Sheet}. */
export interface SheetProps {
  /** The dialog's heading (its accessible name). */
  title: ComponentChildren
  /** Called on the close button, Escape and a click on the backdrop. */
  onClose: () => void
  /** Action buttons, kept visible at the bottom. */
  footer?: ComponentChildren
  /** Extra `aria-describedby` target id. */
  describedBy?: string
  class?: string
  children?: ComponentChildren
}

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[inert]'))
}

/**
 * A modal sheet: a bottom sheet on narrow screens and a centred dialog from 600px. It is a
 * `role="dialog"` with `aria-modal`, traps focus (Tab and Shift+Tab cycle inside), closes on Escape,
 * locks page scroll while open, and on unmount returns focus to the element that had it before.
 * Animations are off under `prefers-reduced-motion`. Mount it to open it; unmount it to close it.
 * @see https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/
 * @example
 * ```tsx
 * {open && <Sheet title="Settings" onClose={() => setOpen(false)} footer={<Button>Save</Button>}>…</Sheet>}
 * ```
 */
export function Sheet({ title, onClose, footer, describedBy, class: className, children }: SheetProps) {
  css('sheet', CSS)
  helpers()
  const { t } = useContext(I18nContext)
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const close = useRef(onClose)
  close.current = onClose

  // Layout effect: focus and key handling are in place as soon as the sheet is in the DOM.
  useLayoutEffect(() => {
    const dialog = ref.current!
    const doc = dialog.ownerDocument
    const opener = doc.activeElement as HTMLElement | null
    const me = Symbol('sheet')
    stack.push(me)
    if (locks++ === 0) {
      savedOverflow = doc.body.style.overflow
      doc.body.style.overflow = 'hidden'
    }
    dialog.focus()
    const top = () => stack[stack.length - 1] === me
    const onKey = (e: KeyboardEvent) => {
      if (!top()) return
      if (e.key === 'Escape') {
        e.preventDefault()
        e.stopPropagation()
        close.current()
      } else if (e.key === 'Tab') {
        const items = focusables(dialog)
        const first = items[0]
        const last = items[items.length - 1]
        if (!first || !last) {
          e.preventDefault()
          dialog.focus()
          return
        }
        const active = doc.activeElement
        if (e.shiftKey && (active === first || active === dialog || !dialog.contains(active))) {
          e.preventDefault()
          last.focus()
        } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
          e.preventDefault()
          first.focus()
        }
      }
    }
    const onFocusIn = (e: FocusEvent) => {
      if (top() && e.target instanceof Node && !dialog.contains(e.target)) dialog.focus()
    }
    doc.addEventListener('keydown', onKey, true)
    doc.addEventListener('focusin', onFocusIn)
    return () => {
      doc.removeEventListener('keydown', onKey, true)
      doc.removeEventListener('focusin', onFocusIn)
      stack.splice(stack.indexOf(me), 1)
      if (--locks === 0) doc.body.style.overflow = savedOverflow
      if (opener?.isConnected && typeof opener.focus === 'function') opener.focus()
    }
  }, [])

  return (
    // Backdrop click is a pointer convenience; keyboard users have Escape (handled on the document)
    // and the close button.
    // biome-ignore lint/a11y/noStaticElementInteractions: see above
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <div
      class="cl-scrim"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose()
      }}
    >
      <div
        ref={ref}
        class={cx('cl-sheet', className)}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        tabIndex={-1}
      >
        <div class="cl-sheet-head">
          <h2 id={titleId} class="cl-sheet-title">
            {title}
          </h2>
          <button type="button" class="cl-icon-btn cl-close" aria-label={t('close')} onClick={onClose}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        </div>
        <div class="cl-sheet-body">{children}</div>
        {footer && <div class="cl-sheet-foot">{footer}</div>}
      </div>
    </div>
  )
}
