import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { codePointLabel, hasHiddenChars, inspectText, isMixedScript, MAX_MARKS, safeUrl } from './text.js'

describe('inspectText', () => {
  it('passes plain text through', () => {
    expect(inspectText('Hello 世界 مرحبا')).toEqual({
      parts: [{ text: 'Hello 世界 مرحبا' }],
      suspicious: false,
      mixedScript: false,
      truncated: false,
      length: 14,
    })
  })
  it('shows bidi overrides and zero-width characters as codes', () => {
    const r = inspectText('Pay\u202Eyap\u200Bx')
    expect(r.suspicious).toBe(true)
    expect(r.parts).toEqual([
      { text: 'Pay' },
      { hidden: '\u202E', code: 'U+202E' },
      { text: 'yap' },
      { hidden: '\u200B', code: 'U+200B' },
      { text: 'x' },
    ])
  })
  it('flags isolates, BOM, tag characters and controls', () => {
    for (const ch of ['\u2066', '\u2069', '\uFEFF', '\u{E0041}', '\u0000', '\u0085', '\u061C', '\u00AD']) {
      expect(hasHiddenChars(`a${ch}b`)).toBe(true)
    }
  })
  it('keeps a zero-width joiner inside an emoji sequence, not elsewhere', () => {
    expect(inspectText('👨\u200D👩\u200D👧').suspicious).toBe(false)
    expect(inspectText('a\u200Db').suspicious).toBe(true)
  })
  it('keeps line breaks only in multiline mode', () => {
    expect(inspectText('a\nb', { multiline: true }).suspicious).toBe(false)
    expect(inspectText('a\nb').suspicious).toBe(true)
  })
  it('truncates by code points and still reports hidden characters past the cut', () => {
    const r = inspectText(`${'😀'.repeat(10)}\u202E`, { max: 4 })
    expect(r.parts).toEqual([{ text: '😀😀😀😀' }])
    expect(r.truncated).toBe(true)
    expect(r.length).toBe(11)
    expect(r.suspicious).toBe(true)
  })
  it('flags variation selectors, Hangul fillers, format characters, tags and lone surrogates (by property)', () => {
    for (const ch of [
      '\uFE00',
      '\uFE0F',
      '\u{E0100}',
      '\u{E01EF}',
      '\u3164',
      '\uFFA0',
      '\u115F',
      '\u034F',
      '\u180E',
      '\u2065',
      '\u{1D173}',
      '\u{E0001}',
      '\u2028',
      '\uD800',
      '\uDFFF',
    ]) {
      expect(hasHiddenChars(`a${ch}b`), codePointLabel(ch)).toBe(true)
    }
  })
  it('keeps legitimate emoji sequences: ZWJ, VS16, skin tones, keycaps, flag tag sequences', () => {
    for (const emoji of [
      '👩🏽\u200D💻',
      '❤\uFE0F\u200D🔥',
      '👍🏿',
      '1\uFE0F\u20E3',
      '#\uFE0F\u20E3',
      '☺\uFE0E',
      '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
    ]) {
      const r = inspectText(`ok ${emoji} ok`)
      expect(r.suspicious, emoji).toBe(false)
      expect(r.parts).toEqual([{ text: `ok ${emoji} ok` }])
    }
    // Tags without the black flag, or without CANCEL TAG, are hidden text.
    expect(hasHiddenChars('a\u{E0067}\u{E0062}\u{E007F}')).toBe(true)
    expect(hasHiddenChars('🏴\u{E0067}\u{E0062}')).toBe(true)
    expect(hasHiddenChars('a\uFE0F')).toBe(true)
  })
  it('flags mixed-script words (UTS #39), not mixed-script text or the allowed CJK combinations', () => {
    expect(inspectText('p\u0430ypal').mixedScript).toBe(true) // Cyrillic а
    expect(isMixedScript('\u0410pple')).toBe(true)
    expect(isMixedScript('Ζεuς')).toBe(true)
    for (const ok of [
      'paypal',
      'мир world',
      'Hello 世界 مرحبا',
      '東京タワーとうきょう',
      '한국漢字',
      '注音ㄅㄆ',
      'Web3钱包',
      'ÀÉÎ-2025',
      'Ζεύς',
    ])
      expect(isMixedScript(ok), ok).toBe(false)
    expect(isMixedScript('ひらがな한국')).toBe(true)
  })
  it(`caps stacked combining marks at ${MAX_MARKS}: the excess is one hidden part`, () => {
    const r = inspectText(`Z${'\u0301'.repeat(20)}a`)
    expect(r.suspicious).toBe(true)
    expect(r.parts).toEqual([
      { text: `Z${'\u0301'.repeat(MAX_MARKS)}` },
      { hidden: '\u0301'.repeat(20 - MAX_MARKS), code: `U+0301×${20 - MAX_MARKS}` },
      { text: 'a' },
    ])
    expect(inspectText('e\u0301\u0323 ệ').suspicious).toBe(false)
  })
  it('labels code points', () => {
    expect(codePointLabel('\u202E')).toBe('U+202E')
    expect(codePointLabel('\u{E0041}')).toBe('U+E0041')
  })
})

describe('safeUrl', () => {
  it('allows http(s) only', () => {
    expect(safeUrl('https://example.com/a')).toBe('https://example.com/a')
    expect(safeUrl('javascript:alert(1)')).toBeUndefined()
    expect(safeUrl('data:text/html,<script>')).toBeUndefined()
    expect(safeUrl('not a url')).toBeUndefined()
    expect(safeUrl(undefined)).toBeUndefined()
    expect(safeUrl('https://exa\u200Bmple.com')).toBeUndefined()
  })
  it('allows data:image URLs for images', () => {
    expect(safeUrl('data:image/png;base64,iVBORw0KGgo=', { images: true })).toBe(
      'data:image/png;base64,iVBORw0KGgo=',
    )
    expect(safeUrl('data:image/svg+xml,<svg onload=alert(1)>', { images: true })).toBeUndefined()
  })
})

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const hostileChar = fc.oneof(
  fc.constantFrom(
    '\u200D',
    '\uFE0F',
    '\u20E3',
    '\u{1F3F4}',
    '\u{E007F}',
    '\u{E0067}',
    '\u0301',
    '\u202E',
    '👩',
    '🏽',
    'а',
    'a',
    '\n',
  ),
  fc
    .integer({ min: 0, max: 0x10ffff })
    .map((cp) => (cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp))),
)
const hostileText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.array(hostileChar, { maxLength: 60 }).map((a) => a.join('')),
  fc.string({ unit: fc.constantFrom('\uD800', '\uDC00', 'x') }),
)

describe('inspectText (fuzz)', () => {
  test.prop([hostileText, fc.option(fc.integer({ min: 0, max: 80 }), { nil: undefined }), fc.boolean()], {
    numRuns: RUNS,
  })(
    'never throws; parts re-join to the (truncated) input; a clean run is one text part',
    (input, max, multiline) => {
      const r = inspectText(input, { max, multiline })
      const kept = Array.from(input)
        .slice(0, max ?? Number.POSITIVE_INFINITY)
        .join('')
      expect(r.parts.map((p) => ('text' in p ? p.text : p.hidden)).join('')).toBe(kept)
      if (!r.suspicious) expect(r.parts.map((p) => ('text' in p ? p.text : '')).join('')).toBe(kept)
      expect(r.truncated).toBe(Array.from(input).length > Array.from(kept).length)
      for (const p of r.parts) if ('hidden' in p) expect(p.code).toMatch(/^U\+[0-9A-F]{4,6}(×\d+)?$/)
      expect(typeof r.mixedScript).toBe('boolean')
    },
  )
  test.prop([fc.string({ unit: 'grapheme' })], { numRuns: RUNS })(
    'ordinary text with no format or control character is never suspicious',
    (s) => {
      fc.pre(!/[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{M}]/u.test(s))
      expect(inspectText(s).suspicious).toBe(false)
    },
  )
})
