import { type CallOptions, call } from '../call.js'

/**
 * Opens `url` (`http:` or `https:`) outside the app, through the host: the app's frame cannot open
 * windows. A link to another site than the app's asks the user first. Resolves `true` when the host
 * opened it, `false` when the user cancelled; rejects with -32602 for another scheme or a URL longer
 * than 2048 characters, 4290 when the app opens links too often.
 * @example
 * ```ts
 * if (!(await openLink('https://docs.example.com/help'))) showToast('Link not opened')
 * ```
 */
export async function openLink(url: string, options?: CallOptions): Promise<boolean> {
  return (await call('uiOpenLink', { url }, options)).opened
}
