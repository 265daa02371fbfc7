/**
 * Schemas of the host UI actions (`uiOpenLink`, `uiShowPopup`, `uiShare`, `uiWriteClipboard`,
 * `uiSetMainButton`, `uiHaptic`, `uiExpand`, `uiScanQr`): what Telegram Mini Apps and Farcaster mini
 * apps call on their host. The app's iframe has no `allow-popups` and no device access of its own, so
 * the host performs each action itself, after its own checks. Host side only (valibot).
 */
import * as v from 'valibot'
import { noParams, optionalParams, readonlyArray, shortText, strictRecord } from './shared.js'

/** Longest URL `uiOpenLink` and `uiShare` take, in UTF-16 code units. */
export const MAX_LINK_LENGTH = 2048
/** Longest text `uiWriteClipboard` writes, in UTF-16 code units. */
export const MAX_CLIPBOARD_TEXT = 10_000
/** Most buttons a popup has. */
export const MAX_POPUP_BUTTONS = 3

/**
 * Whether `value` is an absolute `http:` or `https:` URL without credentials. `javascript:`, `data:`,
 * `file:`, `blob:` and the like are refused, and so is `https://user:pass@host/` (a way to make a
 * link read as another site).
 * @example
 * ```ts
 * isHttpUrl('https://example.com/a') // true
 * isHttpUrl('javascript:alert(1)') // false
 * ```
 */
export function isHttpUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
}

/** An `http:` or `https:` URL (no credentials), at most {@link MAX_LINK_LENGTH} characters. */
export const httpUrlSchema = v.pipe(
  v.string(),
  v.maxLength(MAX_LINK_LENGTH, `A link is at most ${MAX_LINK_LENGTH} characters`),
  v.check(isHttpUrl, 'Expected an http: or https: URL without credentials'),
)

/** Text the user reads: 1 to `max` characters. */
const text = (max: number) => v.pipe(v.string(), v.minLength(1, 'Expected some text'), v.maxLength(max))

/** A popup button: `id` comes back when the user presses it; `style` only changes its look. */
export const popupButtonSchema = strictRecord({
  id: text(64),
  text: text(64),
  style: v.optional(v.picklist(['default', 'destructive', 'cancel'])),
})

/** The look of a popup button. */
export type PopupButtonStyle = 'default' | 'destructive' | 'cancel'

/** Schemas of the UI action methods; their TypeScript types are inferred from these. */
export const uiActionSchemas = {
  /**
   * Opens `url` in a new tab or the system browser, from the host (the app's frame cannot). A URL on
   * the app's own origin opens at once; any other asks the user first. `{ opened: false }` when the
   * user cancels.
   */
  uiOpenLink: {
    params: strictRecord({ url: httpUrlSchema }),
    result: strictRecord({ opened: v.boolean() }),
  },
  /**
   * A native-looking popup: `message`, an optional `title`, 1 to 3 buttons (default one "OK"). Resolves
   * with the `id` of the button pressed, or `null` when the user dismissed it.
   */
  uiShowPopup: {
    params: strictRecord({
      title: v.optional(text(64)),
      message: text(1024),
      buttons: v.optional(
        v.pipe(
          // Length first: valibot's array walks `length`, and a sparse array 2^32-1 long survives structured clone.
          v.custom<unknown[]>(
            (value) => Array.isArray(value) && value.length >= 1 && value.length <= MAX_POPUP_BUTTONS,
            `Give 1 to ${MAX_POPUP_BUTTONS} buttons`,
          ),
          readonlyArray(popupButtonSchema),
          v.check(
            (buttons) => new Set(buttons.map((b) => b.id)).size === buttons.length,
            'Button ids must be distinct',
          ),
        ),
      ),
    }),
    result: strictRecord({ buttonId: v.nullable(v.string()) }),
  },
  /**
   * Shares `text` and/or `url` (at least one): the system share sheet where the host has one, else a
   * host sheet with the text and a copy button. `{ shared: false }` when the user cancels.
   */
  uiShare: {
    params: v.pipe(
      strictRecord({
        title: v.optional(shortText(256)),
        text: v.optional(text(4096)),
        url: v.optional(httpUrlSchema),
      }),
      v.check((p) => p.text !== undefined || p.url !== undefined, 'Give text or url'),
    ),
    result: strictRecord({ shared: v.boolean() }),
  },
  /**
   * Writes `text` to the clipboard. The host writes it only while it has transient user activation of
   * its own (a click in the app's frame gives it to the host page too: the browser propagates
   * activation to ancestor frames, and a script cannot forge it); otherwise it asks the user with a
   * sheet showing the text. `{ written: false }` when the user declines or the browser refuses.
   */
  uiWriteClipboard: {
    params: strictRecord({ text: v.pipe(v.string(), v.maxLength(MAX_CLIPBOARD_TEXT)) }),
    result: strictRecord({ written: v.boolean() }),
  },
  /**
   * Shows, updates or hides the host's main button, below the app's frame. Presses arrive as the
   * `mainButtonPressed` event (only while it is visible and enabled, and not showing progress).
   */
  uiSetMainButton: {
    params: strictRecord({
      visible: v.boolean(),
      text: v.optional(text(64)),
      enabled: v.optional(v.boolean()),
      progress: v.optional(v.boolean()),
    }),
    result: v.null(),
  },
  /**
   * Haptic feedback: `navigator.vibrate` where the device has it, nothing otherwise. Never fails on
   * an unsupported device.
   */
  uiHaptic: {
    params: strictRecord({
      kind: v.picklist(['impact', 'notification', 'selection']),
      style: v.optional(
        v.picklist(['light', 'medium', 'heavy', 'rigid', 'soft', 'success', 'warning', 'error']),
      ),
    }),
    result: v.null(),
  },
  /** Gives the app all the height the host can; the new height arrives as `viewportChanged`. */
  uiExpand: {
    params: noParams,
    result: strictRecord({ height: v.number(), expanded: v.boolean() }),
  },
  /**
   * Scans a QR code with the device's camera (the host's sheet). Resolves with its text; 4200 with
   * `data.reason` (`no_camera`, `no_detector`) where the device cannot scan; 4001 when the user closes
   * the sheet.
   */
  uiScanQr: {
    params: optionalParams(strictRecord({ hint: v.optional(shortText(256)) })),
    result: strictRecord({ text: v.pipe(v.string(), v.maxLength(4096)) }),
  },
} as const
