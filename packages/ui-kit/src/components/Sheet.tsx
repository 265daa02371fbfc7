import type { ComponentChildren } from 'preact'
import { useContext, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { I18nContext } from '../i18n.js'
import { css, cx, helpers } from '../styles.js'
import { ArmDelayContext, ArmedContext } from './armed.js'

// The <dialog> is the full-screen scrim (its own background, so the fallback without a top layer
// looks the same); the panel inside is the visible sheet. `[open]`: author `display` would
// otherwise override the UA's `dialog:not([open]){display:none}`.
const CSS = `.cl-scrim{position:fixed;inset:0;z-index:2147483646;inline-size:auto;block-size:auto;max-inline-size:none;max-block-size:none;margin:0;padding:0;border:0;color:inherit;background:var(--cl-scrim);animation:cl-fade var(--cl-dur)}
.cl-scrim[open]{display:flex;align-items:flex-end;justify-content:center}
.cl-scrim::backdrop{background:none}
.cl-scrim:focus{outline:0}
.cl-sheet{display:flex;flex-direction:column;inline-size:100%;max-block-size:92vh;background:var(--cl-surface);color:var(--cl-text);border-radius:var(--cl-r-3) var(--cl-r-3) 0 0;box-shadow:0 -8px 32px #0004;animation:cl-up var(--cl-dur) var(--cl-ease);outline:0}
@media (min-width:600px){.cl-scrim[open]{align-items:center;padding:24px}.cl-sheet{max-inline-size:480px;max-block-size:86vh;border-radius:var(--cl-r-3)}}
.cl-sheet-head{display:flex;align-items:center;gap:8px;padding:16px 8px 8px;padding-inline:16px 8px}
.cl-sheet-title{flex:1;margin:0;font-size:var(--cl-fs-4);overflow-wrap:anywhere}
.cl-sheet-body{flex:1;overflow:auto;overscroll-behavior:contain;padding:8px 16px 16px;display:flex;flex-direction:column;gap:16px}
.cl-sheet-foot{display:flex;flex-wrap:wrap;gap:8px;padding:12px 16px 16px;border-block-start:1px solid var(--cl-border)}
.cl-sheet-foot>*{flex:1 1 40%}
.cl-sheet-foot>p{flex-basis:100%;margin:0;font-size:var(--cl-fs-2);color:var(--cl-text-2)}
@keyframes cl-fade{from{opacity:0}}@keyframes cl-up{from{transform:translateY(24px)}}`

const FOCUSABLE =
  'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"]),summary'

/** Open sheets, topmost last: only the topmost handles keys. */
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

/** Opens `dialog` in the top layer when the browser can (everything else becomes inert); else `open`. */
function showModal(dialog: HTMLDialogElement): boolean {
  try {
    dialog.showModal()
    return dialog.matches(':modal')
  } catch {
    // No <dialog> support, an older engine without `:modal`, or a detached container.
    dialog.setAttribute('open', '')
    return false
  }
}

/**
 * A modal sheet: a bottom sheet on narrow screens and a centred dialog from 600px. It is a native
 * `<dialog>` opened with `showModal()`: in the top layer, above everything, with the rest of the
 * page — app iframes included — inert, so no app can take focus or keystrokes while it is open.
 * Escape (the dialog's `cancel` event), the close button and a click on the backdrop call
 * `onClose`; Tab wraps inside; page scroll is locked while open; on unmount focus returns to the
 * element that had it before. Where `showModal` is missing (or is not modal, as in test DOMs) it
 * falls back to the `open` attribute with a hand-written focus trap and Escape handling. The
 * primary action (a {@link Button} with `arm`) stays disabled for the arming delay
 * ({@link PRIMARY_ACTION_DELAY_MS}) after the sheet appears. Animations are off under
 * `prefers-reduced-motion`. Mount it to open it; unmount it to close it.
 * @see https://html.spec.whatwg.org/multipage/interactive-elements.html#the-dialog-element
 * @example
 * ```tsx
 * {open && <Sheet title="Settings" onClose={() => setOpen(false)} footer={<Button>Save</Button>}>…</Sheet>}
 * ```
 */
export function Sheet({ title, onClose, footer, describedBy, class: className, children }: SheetProps) {
  css('sheet', CSS)
  helpers()
  const { t } = useContext(I18nContext)
  const delay = useContext(ArmDelayContext)
  const [armed, setArmed] = useState(!(delay > 0))
  const titleId = useId()
  const ref = useRef<HTMLDialogElement>(null)
  const close = useRef(onClose)
  close.current = onClose

  useEffect(() => {
    if (armed) return
    const timer = setTimeout(() => setArmed(true), delay)
    return () => clearTimeout(timer)
  }, [])

  // Layout effect: modality, focus and key handling are in place as soon as the sheet is in the DOM.
  useLayoutEffect(() => {
    const dialog = ref.current!
    const doc = dialog.ownerDocument
    const opener = doc.activeElement as HTMLElement | null
    const me = Symbol('sheet')
    let mounted = true
    stack.push(me)
    if (locks++ === 0) {
      savedOverflow = doc.body.style.overflow
      doc.body.style.overflow = 'hidden'
    }
    const native = showModal(dialog)
    dialog.focus()
    const top = () => stack[stack.length - 1] === me
    const onKey = (e: KeyboardEvent) => {
      if (!top()) return
      if (e.key === 'Escape' && !native) {
        e.preventDefault()
        e.stopPropagation()
        close.current()
      } else if (e.key === 'Tab') {
        // The top layer keeps focus off the page, but Tab would still leave for the browser's UI.
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
    // Escape and other close requests (Android back): the sheet's owner decides by unmounting.
    const onCancel = (e: Event) => {
      e.preventDefault()
      close.current()
    }
    // The browser may close a modal dialog itself (a repeated close request without user
    // activation is not cancelable): keep it modal until the owner unmounts it.
    const onNativeClose = () => {
      if (!mounted) return
      close.current()
      if (mounted && dialog.isConnected && !dialog.open) showModal(dialog)
    }
    // Chromium lets a framed document focus itself (window.focus(), element.focus()) even when its
    // iframe is inert behind a modal dialog, and keys then go to that frame: take focus back.
    const view = doc.defaultView
    const onBlur = () =>
      setTimeout(() => {
        const active = doc.activeElement
        if (mounted && top() && active?.tagName === 'IFRAME' && !dialog.contains(active)) dialog.focus()
      })
    doc.addEventListener('keydown', onKey, true)
    view?.addEventListener('blur', onBlur)
    if (!native) doc.addEventListener('focusin', onFocusIn)
    dialog.addEventListener('cancel', onCancel)
    dialog.addEventListener('close', onNativeClose)
    return () => {
      mounted = false
      doc.removeEventListener('keydown', onKey, true)
      doc.removeEventListener('focusin', onFocusIn)
      view?.removeEventListener('blur', onBlur)
      dialog.removeEventListener('cancel', onCancel)
      dialog.removeEventListener('close', onNativeClose)
      if (dialog.open && typeof dialog.close === 'function') dialog.close()
      stack.splice(stack.indexOf(me), 1)
      if (--locks === 0) doc.body.style.overflow = savedOverflow
      if (opener?.isConnected && typeof opener.focus === 'function') opener.focus()
    }
  }, [])

  return (
    // Backdrop click is a pointer convenience; keyboard users have Escape and the close button.
    // The dialog spans the viewport: a click whose target is the dialog itself is on the scrim.
    // An explicit role too, so `[role=dialog]` selectors (tests, wallets' CSS) keep matching.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    <dialog
      ref={ref}
      // biome-ignore lint/a11y/noRedundantRoles: see above
      role="dialog"
      class="cl-scrim"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      tabIndex={-1}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose()
      }}
    >
      <div class={cx('cl-sheet', className)}>
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
        <ArmedContext.Provider value={armed}>
          <div class="cl-sheet-body">{children}</div>
          {footer && <div class="cl-sheet-foot">{footer}</div>}
        </ArmedContext.Provider>
      </div>
    </dialog>
  )
}
