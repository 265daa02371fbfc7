/**
 * Hostile-string handling. Text from a manifest or a request is untrusted: it is always rendered as
 * text (never as HTML), and characters that are invisible or change the direction of text around
 * them are made visible as `U+XXXX` codes, so that `"Pay\u202Eyap"` or a zero-width space inside an
 * address cannot mislead the user.
 * @see https://www.unicode.org/reports/tr9/ (bidi controls) and https://www.unicode.org/reports/tr36/ (security)
 */

/**
 * Invisible, formatting and control characters, by Unicode property rather than a hand table:
 * controls (`Cc`), format characters (`Cf`: bidi controls, zero-width characters, BOM, tags…),
 * every `Default_Ignorable_Code_Point` (variation selectors U+FE00–FE0F and U+E0100–E01EF, Hangul
 * fillers, CGJ, Mongolian selectors…), line and paragraph separators and lone surrogates.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Cs}]/u
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}]/u
/** A character a variation selector may follow in an emoji presentation sequence (digits: keycaps). */
const EMOJI_BASE = /\p{Emoji}/u
const MARK = /\p{M}/u
/** Stacked combining marks kept on one base; more is "Zalgo" text that spills over other lines. */
export const MAX_MARKS = 4

/** A run of text, or one hidden character (or run of excess marks) shown as its code point. */
export type TextPart = { text: string } | { hidden: string; code: string }

/** What {@link inspectText} found. */
export interface InspectedText {
  parts: TextPart[]
  /** At least one hidden or direction-changing character, or more than {@link MAX_MARKS} stacked marks. */
  suspicious: boolean
  /**
   * A word mixes scripts (UTS #39), as `pаypal` with a Cyrillic `а` does. Common and Inherited
   * characters do not count; Latin with Han + Hiragana + Katakana, Han + Bopomofo or Han + Hangul is
   * allowed (UTS #39 "highly restrictive").
   */
  mixedScript: boolean
  /** The text had more than `max` code points and was cut. */
  truncated: boolean
  /** Length in code points of the whole input. */
  length: number
}

/** `U+202E` style code for a code point. */
export function codePointLabel(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

// Scripts as bits; a letter of a script not listed counts as "other" (its own script).
const SCRIPTS = [
  'Latin',
  'Han',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Hangul',
  'Cyrillic',
  'Greek',
  'Armenian',
  'Hebrew',
  'Arabic',
].map((name) => new RegExp(`\\p{Script=${name}}`, 'u'))
const COMMON = /[\p{Script=Common}\p{Script=Inherited}]/u
const LATN = 1
const JPAN = LATN | 2 | 4 | 8
const HANB = LATN | 2 | 16
const KORE = LATN | 2 | 32
const ALLOWED = [JPAN, HANB, KORE]

/** UTS #39 mixed-script test of one word: true when no single (or allowed) script set covers it. */
function mixedWord(word: string): boolean {
  let set = 0
  for (const ch of word) {
    if (COMMON.test(ch)) continue
    const i = SCRIPTS.findIndex((re) => re.test(ch))
    set |= i === -1 ? 1 << SCRIPTS.length : 1 << i
  }
  return (set & (set - 1)) !== 0 && !ALLOWED.some((ok) => (set & ok) === set)
}

/** Whether any word of `input` mixes scripts (see {@link InspectedText.mixedScript}). */
export function isMixedScript(input: string): boolean {
  return String(input)
    .split(/[^\p{L}\p{M}]+/u)
    .some(mixedWord)
}

/**
 * Splits untrusted text into visible runs and hidden characters. Emoji sequences are kept: a zero-width
 * joiner between two emoji (👨‍👩‍👧, 👩🏽‍💻), a variation selector after an emoji or keycap base (❤️, 1️⃣),
 * and flag tag sequences (🏴󠁧󠁢󠁥󠁮󠁧󠁿: U+1F3F4, tag letters and digits, U+E007F). In `multiline` mode line
 * feeds and tabs are kept. More than {@link MAX_MARKS} combining marks on one base are cut: the excess
 * is one hidden part (`U+0301×12`).
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
  const text = String(input)
  const chars = Array.from(text)
  const max = options.max ?? Number.POSITIVE_INFINITY
  const parts: TextPart[] = []
  let run = ''
  let suspicious = false
  let marks = 0
  let tagsUntil = -1
  const end = Math.min(chars.length, max)
  const hide = (hidden: string, code: string) => {
    suspicious = true
    if (run) parts.push({ text: run })
    run = ''
    parts.push({ hidden, code })
  }
  for (let i = 0; i < end; i++) {
    const ch = chars[i]!
    if (ch === '\u{1F3F4}') {
      // A flag tag sequence: the black flag, 1–32 tag characters, then CANCEL TAG.
      let j = i + 1
      while (j < chars.length && j - i <= 32 && /[\u{E0020}-\u{E007E}]/u.test(chars[j]!)) j++
      if (j > i + 1 && chars[j] === '\u{E007F}') tagsUntil = j
    }
    if (MARK.test(ch) && !HIDDEN.test(ch)) {
      if (++marks > MAX_MARKS) {
        let j = i
        while (j < end && MARK.test(chars[j]!) && !HIDDEN.test(chars[j]!)) j++
        hide(chars.slice(i, j).join(''), `${codePointLabel(ch)}×${j - i}`)
        i = j - 1
        marks = 0
      } else run += ch
      continue
    }
    marks = 0
    const prev = chars[i - 1] ?? ''
    const keep =
      !HIDDEN.test(ch) ||
      i <= tagsUntil ||
      (options.multiline && (ch === '\n' || ch === '\t' || ch === '\r')) ||
      (/[\uFE0E\uFE0F]/.test(ch) && EMOJI_BASE.test(prev)) ||
      (ch === '\u200D' &&
        EMOJI.test(prev === '\uFE0F' ? (chars[i - 2] ?? '') : prev) &&
        EMOJI.test(chars[i + 1] ?? ''))
    if (keep) run += ch
    else hide(ch, codePointLabel(ch))
  }
  if (run) parts.push({ text: run })
  // Past the cut, a hidden character still makes the whole text suspicious.
  if (!suspicious && chars.length > end)
    suspicious = inspectText(text, { multiline: options.multiline }).suspicious
  return {
    parts,
    suspicious,
    mixedScript: isMixedScript(text),
    truncated: chars.length > end,
    length: chars.length,
  }
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
