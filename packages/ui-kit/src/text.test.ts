import { describe, expect, it } from 'vitest'
import { codePointLabel, hasHiddenChars, inspectText, safeUrl } from './text.js'

describe('inspectText', () => {
  it('passes plain text through', () => {
    expect(inspectText('Hello 世界 مرحبا')).toEqual({
      parts: [{ text: 'Hello 世界 مرحبا' }],
      suspicious: false,
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
