import { type CallOptions, call } from '../call.js'

/**
 * Copies `text` (≤ 10 000 characters) to the clipboard, through the host. The manifest must declare
 * the `clipboard-write` permission (else 4100). Call it from a click handler: the host writes at once
 * while the user's gesture is fresh; otherwise it shows the text and asks the user. Resolves `true`
 * when written, `false` when the user declined or the browser refused.
 * @example
 * ```ts
 * copyButton.onclick = async () => (copyButton.textContent = (await writeClipboard(code)) ? 'Copied' : 'Copy')
 * ```
 */
export async function writeClipboard(text: string, options?: CallOptions): Promise<boolean> {
  return (await call('uiWriteClipboard', { text }, options)).written
}
