import type { BrowserPermission, Manifest } from '@chainless/protocol'

/** The iframe sandbox: scripts and its own origin, forms; no popups, no top navigation (DESIGN.md). */
export const IFRAME_SANDBOX = 'allow-scripts allow-same-origin allow-forms'

/**
 * The iframe's `allow` attribute: only permissions the manifest declares AND the user granted,
 * each delegated to the app's origin alone.
 * @see https://www.w3.org/TR/permissions-policy/#iframe-allow-attribute
 */
export function buildAllowAttribute(manifest: Manifest, granted: readonly BrowserPermission[]): string {
  const declared = new Set(manifest.permissions ?? [])
  return [...new Set(granted)]
    .filter((permission) => declared.has(permission))
    .map((permission) => `${permission} ${manifest.origin}`)
    .join('; ')
}

/** Creates the sandboxed iframe for a manifest (not yet attached). */
export function createAppIframe(
  manifest: Manifest,
  granted: readonly BrowserPermission[],
): HTMLIFrameElement {
  const iframe = document.createElement('iframe')
  iframe.setAttribute('sandbox', IFRAME_SANDBOX)
  const allow = buildAllowAttribute(manifest, granted)
  if (allow) iframe.setAttribute('allow', allow)
  iframe.setAttribute('referrerpolicy', 'no-referrer')
  iframe.title = manifest.name.slice(0, 200)
  iframe.dataset.chainlessApp = manifest.appId
  iframe.style.border = '0'
  iframe.style.width = '100%'
  iframe.style.height = '100%'
  iframe.src = manifest.entryUrl
  return iframe
}
