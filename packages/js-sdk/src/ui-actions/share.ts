import { type CallOptions, call } from '../call.js'

/** What {@link share} shares: `text`, `url` or both. */
export type ShareParams = { title?: string } & (
  | { text: string; url?: string }
  | { text?: string; url: string }
)

/**
 * Shares text and/or a link: the system share sheet where the host has one, else the host's sheet
 * with a copy button. Resolves `true` when shared (or copied), `false` when the user cancelled.
 * @example
 * ```ts
 * await share({ text: 'Join my team', url: 'https://game.example.com/join/42' })
 * ```
 */
export async function share(params: ShareParams, options?: CallOptions): Promise<boolean> {
  return (await call('uiShare', params, options)).shared
}
