/** The strings of the UI action sheets (English); pass replacements to `createActionSheets({ messages })`. */
export const ACTION_MESSAGES = {
  ok: 'OK',
  cancel: 'Cancel',
  close: 'Close',
  linkTitle: 'Open an external link?',
  linkLead: '{app} wants to open a page on another site:',
  linkOpen: 'Open',
  shareTitle: 'Share',
  copy: 'Copy',
  copied: 'Copied',
  clipboardTitle: 'Copy to clipboard?',
  clipboardLead: '{app} wants to copy this text to your clipboard:',
  scanTitle: 'Scan a QR code',
  scanStarting: 'Starting the camera…',
  scanFailed: 'The camera could not be started.',
} as const

/** The keys and strings of {@link ACTION_MESSAGES}. */
export type ActionMessages = { readonly [K in keyof typeof ACTION_MESSAGES]: string }

/** `{app}` in `text` replaced by `app`. */
export const fill = (text: string, app: string): string => text.split('{app}').join(app)
