/**
 * Focus return across a host sheet (WAI-ARIA dialog pattern: closing a dialog puts focus back on
 * what opened it). A wallet's modal sheet makes the app's iframe inert, and the browser then blurs
 * the app's focused element; the wallet gives focus back to the iframe, but inside it nothing has it
 * any more, so a keyboard user would start again from the top of the app. A call that may wait for
 * the user remembers the app's focused element and, once the call settled, refocuses it if focus was
 * lost meanwhile (nothing focused but `<body>`) and the frame has focus again. Anything the app or the
 * user focused in between wins; a frame without focus is left alone (focusing inside it could take
 * focus from the wallet).
 */

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
  const doc = typeof document === 'object' ? document : undefined
  const element = doc?.activeElement as HTMLElement | null | undefined
  return () => {
    const now = doc?.activeElement
    if (
      element &&
      element !== doc?.body &&
      element.isConnected &&
      (!now || now === doc?.body) &&
      doc?.hasFocus()
    )
      element.focus({ preventScroll: true })
  }
}
