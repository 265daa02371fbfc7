/**
 * Hostile-string handling. Text from a manifest or a request is untrusted: it is always rendered as
 * text (never as HTML), and characters that are invisible or change the direction of text around
 * them are made visible as `U+XXXX` codes, so that `"Pay\u202Eyap"` or a zero-width space inside an
 * address cannot mislead the user.
 * @see https://www.unicode.org/reports/tr9/ (bidi controls) and https://www.unicode.org/reports/tr36/ (security)
 */

/**
 * Invisible, formatting and control characters: C0/C1 controls, soft hyphen, Arabic letter mark,
 * Hangul fillers, Mongolian vowel separator, zero-width and bidi controls (U+200B–U+200F,
 * U+202A–U+202E, U+2060–U+206F), BOM, interlinear annotations and tag characters.
 */
const HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: each code point is matched on its own
  /[\u0000-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0000}-\u{E007F}]/u
const EMOJI = /\p{Extended_Pictographic}/u

/** A run of text, or one hidden character shown as its code point. */
export type TextPart = { text: string } | { hidden: string; code: string }

/** What {@link inspectText} found. */
export interface InspectedText {
  parts: TextPart[]
  /** At least one hidden or direction-changing character was found. */
  suspicious: boolean
  /** The text had more than `max` code points and was cut. */
  truncated: boolean
  /** Length in code points of the whole input. */
  length: number
}

/** `U+202E` style code for a code point. */
export function codePointLabel(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Splits untrusted text into visible runs and hidden characters. A zero-width joiner between two
 * emoji (as in 👨‍👩‍👧) is kept; in `multiline` mode line feeds and tabs are kept.
 *
 * @example
 * ```ts
 * inspectText('ab\u202Ecd').parts // [{ text: 'ab' }, { hidden: '\u202E', code: 'U+202E' }, { text: 'cd' }]
 * ```
 */
export function inspectText(
  input: string,
  options: { max?: number; multiline?: boolean } = {},
): InspectedText {
  const chars = Array.from(String(input))
  const max = options.max ?? Number.POSITIVE_INFINITY
  const parts: TextPart[] = []
  let run = ''
  let suspicious = false
  const end = Math.min(chars.length, max)
  for (let i = 0; i < end; i++) {
    const ch = chars[i]!
    const keep =
      !HIDDEN.test(ch) ||
      (options.multiline && (ch === '\n' || ch === '\t' || ch === '\r')) ||
      (ch === '\u200D' &&
        EMOJI.test(chars[i - 1] === '\uFE0F' ? (chars[i - 2] ?? '') : (chars[i - 1] ?? '')) &&
        EMOJI.test(chars[i + 1] ?? ''))
    if (keep) {
      run += ch
      continue
    }
    suspicious = true
    if (run) parts.push({ text: run })
    run = ''
    parts.push({ hidden: ch, code: codePointLabel(ch) })
  }
  if (run) parts.push({ text: run })
  if (!suspicious) for (let i = end; i < chars.length; i++) if (HIDDEN.test(chars[i]!)) suspicious = true
  return { parts, suspicious, truncated: chars.length > end, length: chars.length }
}

/** True when `input` contains a character {@link inspectText} would show as a code. */
export function hasHiddenChars(input: string): boolean {
  return inspectText(input).suspicious
}

/**
 * Returns `url` normalised when it is an `http:` or `https:` URL (or, with `images`, a `data:image/`
 * URL), else `undefined`: `javascript:` and other schemes from a manifest never become links.
 */
export function safeUrl(url: string | undefined, options: { images?: boolean } = {}): string | undefined {
  if (typeof url !== 'string' || hasHiddenChars(url)) return undefined
  if (options.images && /^data:image\/(png|jpeg|gif|webp|avif);base64,[a-z0-9+/=]+$/i.test(url)) return url
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined
  } catch {
    return undefined
  }
}
