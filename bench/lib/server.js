// @ts-check
// A static server on 127.0.0.1 (free port) that routes by Host, so `localhost`, `app.localhost` and
// `app2.localhost` are different origins on one port (Chromium resolves `*.localhost` to loopback).
import { startSites } from '../../e2e/support/static-server.js'

/** @typedef {import('../../e2e/support/static-server.js').Route} Route */

export { startSites }

/**
 * An HTML page loading one module script, or running one inline classic script.
 * @param {{src?: string, inline?: string, body?: string, headers?: Record<string, string>}} page
 * @returns {Route}
 */
export function html({ src, inline, body = '', headers }) {
  const script = src ? `<script type="module" src="${src}"></script>` : `<script>${inline ?? ''}</script>`
  return {
    type: 'text/html; charset=utf-8',
    ...(headers && { headers }),
    body: `<!doctype html><html><head><meta charset="utf-8"><title>bench</title></head><body>${body}${script}</body></html>`,
  }
}

/** @param {string} body */
export const js = (body) => ({ type: 'text/javascript; charset=utf-8', body })

/**
 * Headers that make a document cross-origin isolated (with `allow="cross-origin-isolated"` on its
 * iframe), the only way to get 5 µs `performance.now()` instead of 100 µs in Chromium.
 * @see https://web.dev/articles/coop-coep
 */
export const ISOLATED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'cross-origin',
}
