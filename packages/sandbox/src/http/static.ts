/**
 * Is this request path safe to hand to the static file server? A path is refused when any segment,
 * decoded, starts with `.` (dotfiles such as `.env`, folders such as `.git/`, and `.`/`..`), or holds a
 * slash, a backslash or a NUL once decoded (encoded traversal), or does not decode at all. The query is
 * ignored.
 *
 * @example
 * ```ts
 * isServablePath('/assets/app.js') // true
 * isServablePath('/%2e%2e/secret') // false
 * ```
 */
export function isServablePath(target: string): boolean {
  const q = target.search(/[?#]/)
  const path = q === -1 ? target : target.slice(0, q)
  if (!path.startsWith('/')) return false
  for (const raw of path.slice(1).split('/')) {
    if (raw === '') continue
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return false
    }
    // A second decoding pass catches `%252e` (the static server decodes once more in some modes).
    if (segment.startsWith('.') || /[/\\\0%]/.test(segment)) return false
  }
  // `//x` is a protocol-relative look-alike: never useful for a static folder.
  return !path.includes('//')
}
