/**
 * Focus return across a host sheet (WAI-ARIA dialog pattern: closing a dialog puts focus back on
 * what opened it). A wallet's modal sheet makes the app's iframe inert, and the browser then blurs
 * the app's focused element; the wallet gives focus back to the iframe, but inside it nothing has
 * it any more, so a keyboard user would start again from the top of the app. Each bridge call
 * remembers the app's focused element and, once the call settles, refocuses it if focus was lost
 * meanwhile (nothing focused, or only `<body>`) and the app's frame has focus again, or gets it
 * within {@link FOCUS_RETURN_WINDOW_MS}. Anything the app or the user focused in between wins.
 */

/** How long after a call settles a late return of focus to the frame still restores the element. */
export const FOCUS_RETURN_WINDOW_MS = 1000

const lost = (doc: Document) => doc.activeElement === null || doc.activeElement === doc.body

/**
 * @internal Remembers the focused element now; the returned function, called when the call settled,
 * puts focus back on it if it was lost meanwhile. Outside a browser, a no-op.
 *
 * @example
 * ```ts
 * const restore = rememberFocus()
 * try { return await connection.call(method, params) } finally { restore() }
 * ```
 */
export function rememberFocus(): () => void {
  const doc = typeof document === 'undefined' ? undefined : document
  const target = doc?.activeElement
  if (!doc || !target || target === doc.body || !('focus' in target)) return () => undefined
  const element = target as HTMLElement
  return () => {
    const give = () => {
      // Only what was lost is given back: not a moved focus, not an element the app removed.
      if (lost(doc) && element.isConnected) element.focus({ preventScroll: true })
    }
    if (!lost(doc)) return
    if (doc.hasFocus()) return give()
    // The wallet may give the frame focus a moment after the answer arrives.
    const view = doc.defaultView
    if (!view) return
    const timer = setTimeout(() => view.removeEventListener('focus', onFocus), FOCUS_RETURN_WINDOW_MS)
    const onFocus = () => {
      clearTimeout(timer)
      give()
    }
    view.addEventListener('focus', onFocus, { once: true })
  }
}
