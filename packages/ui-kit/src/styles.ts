/**
 * Styles without a CSS bundler: each component carries its CSS as a string and installs it on first
 * render (never at import time, so importing is side-effect free and SSR-safe). Constructable
 * stylesheets are used where the browser has them, because a page's CSP `style-src` does not apply
 * to them; elsewhere a single `<style>` element per block is appended to `<head>`.
 * @see https://drafts.csswg.org/cssom/#dom-cssstylesheet-cssstylesheet
 */

const installed = new Set<string>()

/** Design tokens as CSS custom properties, light and dark. Dark follows `prefers-color-scheme` unless a `data-theme` attribute decides. */
const LIGHT =
  '--cl-bg:#fff;--cl-surface:#fff;--cl-surface-2:#f3f4f6;--cl-text:#111827;--cl-text-2:#4b5563;--cl-border:#d1d5db;--cl-primary:#1d4ed8;--cl-on-primary:#fff;--cl-danger:#b91c1c;--cl-on-danger:#fff;--cl-danger-bg:#fef2f2;--cl-warning:#92400e;--cl-warning-bg:#fffbeb;--cl-success:#047857;--cl-success-bg:#ecfdf5;--cl-info:#1e40af;--cl-info-bg:#eff6ff;--cl-focus:#2563eb;--cl-scrim:rgba(17,24,39,.55);color-scheme:light'
const DARK =
  '--cl-bg:#0b0f17;--cl-surface:#111827;--cl-surface-2:#1f2937;--cl-text:#f9fafb;--cl-text-2:#cbd5e1;--cl-border:#4b5563;--cl-primary:#60a5fa;--cl-on-primary:#0b1220;--cl-danger:#f87171;--cl-on-danger:#0b0f17;--cl-danger-bg:#3b1212;--cl-warning:#fcd34d;--cl-warning-bg:#35270a;--cl-success:#34d399;--cl-success-bg:#06291f;--cl-info:#93c5fd;--cl-info-bg:#0f213f;--cl-focus:#93c5fd;--cl-scrim:rgba(0,0,0,.7);color-scheme:dark'

/** The base block: tokens (colour, type scale, spacing, radius, motion) and the focus ring. */
export const BASE_CSS = `:root,[data-theme=light]{${LIGHT}}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){${DARK}}}
[data-theme=dark]{${DARK}}
:root{--cl-font:system-ui,-apple-system,"Segoe UI",Roboto,"PingFang SC","Microsoft YaHei",sans-serif;--cl-mono:ui-monospace,Menlo,Consolas,monospace;--cl-fs-1:.75rem;--cl-fs-2:.875rem;--cl-fs-3:1rem;--cl-fs-4:1.25rem;--cl-sp-1:4px;--cl-sp-2:8px;--cl-sp-3:12px;--cl-sp-4:16px;--cl-sp-5:24px;--cl-sp-6:32px;--cl-r-1:6px;--cl-r-2:10px;--cl-r-3:16px;--cl-dur:180ms;--cl-ease:cubic-bezier(.2,.8,.2,1)}
@media (prefers-reduced-motion:reduce){:root{--cl-dur:0ms}}
[class^=cl-]:focus-visible{outline:2px solid var(--cl-focus);outline-offset:2px}`

/** Helper classes: the root, screen-reader-only text, monospace, muted, icon buttons. */
const HELPERS_CSS = `.cl-root{font-family:var(--cl-font);line-height:1.5;color:var(--cl-text);background:var(--cl-bg)}
.cl-root *,.cl-scrim *{box-sizing:border-box}
.cl-sr{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.cl-mono{font-family:var(--cl-mono)}
.cl-muted{color:var(--cl-text-2)}
.cl-icon-btn{display:inline-flex;align-items:center;justify-content:center;min-inline-size:32px;min-block-size:32px;padding:4px;border:0;border-radius:var(--cl-r-1);background:none;color:var(--cl-text-2);cursor:pointer}
.cl-icon-btn:hover{background:var(--cl-surface-2);color:var(--cl-text)}
.cl-icon-btn svg{inline-size:18px;block-size:18px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}`

function install(key: string, text: string): void {
  if (installed.has(key) || typeof document === 'undefined') return
  installed.add(key)
  const doc = document as Document & { adoptedStyleSheets?: CSSStyleSheet[] }
  try {
    if (Array.isArray(doc.adoptedStyleSheets) && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(text)
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet]
      return
    }
  } catch {
    // fall through to a <style> element
  }
  const style = doc.createElement('style')
  style.dataset.cl = key
  style.textContent = text
  doc.head.append(style)
}

/**
 * Installs a named CSS block (and the base tokens) once per document. Components call it while
 * rendering; calling it again is a no-op.
 *
 * @example
 * ```ts
 * css('my-card', '.my-card{padding:var(--cl-sp-4)}')
 * ```
 */
export function css(key: string, text: string): void {
  install('base', BASE_CSS)
  install(key, text)
}

/** Installs the helper classes (`cl-root`, `cl-sr`, `cl-mono`, `cl-muted`, `cl-icon-btn`). */
export function helpers(): void {
  css('helpers', HELPERS_CSS)
}

/** Joins class names, skipping falsy ones. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ')
}
