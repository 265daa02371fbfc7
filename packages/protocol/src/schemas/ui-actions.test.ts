import { fc, test } from '@fast-check/vitest'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { METHODS } from '../methods.js'
import { isHttpUrl, MAX_CLIPBOARD_TEXT, MAX_LINK_LENGTH, uiActionSchemas } from './ui-actions.js'

const params = <M extends keyof typeof uiActionSchemas>(method: M, value: unknown) =>
  v.safeParse(uiActionSchemas[method].params, value)

// Seed replay: FUZZ_SEED=<seed> FUZZ_RUNS=<n> npx vitest run packages/protocol/src/schemas/ui-actions.test.ts
const runs = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 300
const seed = Number(process.env.FUZZ_SEED)
const fuzz = { numRuns: runs, ...(Number.isSafeInteger(seed) ? { seed } : {}) }

describe('uiOpenLink params', () => {
  it('takes http and https URLs only, without credentials, up to 2048 characters', () => {
    for (const url of [
      'https://example.com',
      'http://localhost:5173/a?b=c#d',
      'https://xn--80ak6aa92e.com/',
    ]) {
      expect(params('uiOpenLink', { url }).success, url).toBe(true)
    }
    for (const url of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>1</script>',
      'file:///etc/passwd',
      'blob:https://example.com/x',
      'about:blank',
      'ftp://example.com',
      'https://user:pass@example.com/',
      'https://bank.example@evil.example/',
      '//example.com',
      '/relative',
      '',
      `https://example.com/${'a'.repeat(MAX_LINK_LENGTH)}`,
    ]) {
      expect(params('uiOpenLink', { url }).success, url).toBe(false)
    }
    expect(params('uiOpenLink', { url: 'https://example.com', target: '_self' }).success).toBe(false)
    expect(params('uiOpenLink', ['https://example.com']).success).toBe(false)
  })

  test.prop([fc.string({ maxLength: 64 })], fuzz)(
    'any accepted URL parses to http(s) with no credentials',
    (tail) => {
      for (const url of [tail, `https://${tail}`, `javascript:${tail}`, `https://a@${tail}`]) {
        const result = params('uiOpenLink', { url })
        if (!result.success) continue
        const parsed = new URL((result.output as { url: string }).url)
        expect(['http:', 'https:']).toContain(parsed.protocol)
        expect(parsed.username + parsed.password).toBe('')
      }
    },
  )
})

describe('uiShowPopup params', () => {
  it('takes 1 to 3 buttons with distinct ids', () => {
    const b = (id: string) => ({ id, text: id.toUpperCase() })
    expect(params('uiShowPopup', { message: 'Sure?' }).success).toBe(true)
    expect(
      params('uiShowPopup', { message: 'Sure?', buttons: [b('a'), { ...b('b'), style: 'destructive' }] })
        .success,
    ).toBe(true)
    expect(params('uiShowPopup', { message: 'Sure?', buttons: [] }).success).toBe(false)
    expect(
      params('uiShowPopup', { message: 'Sure?', buttons: [b('a'), b('b'), b('c'), b('d')] }).success,
    ).toBe(false)
    expect(params('uiShowPopup', { message: 'Sure?', buttons: [b('a'), b('a')] }).success).toBe(false)
    expect(
      params('uiShowPopup', { message: 'Sure?', buttons: [{ ...b('a'), style: 'primary' }] }).success,
    ).toBe(false)
    expect(params('uiShowPopup', { message: '' }).success).toBe(false)
    expect(params('uiShowPopup', { message: 'x'.repeat(1025) }).success).toBe(false)
  })

  it('refuses a sparse array 2^32-1 long at once (no walk over its length)', () => {
    const sparse: unknown[] = []
    sparse.length = 2 ** 32 - 1
    const started = performance.now()
    expect(params('uiShowPopup', { message: 'x', buttons: sparse }).success).toBe(false)
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('the other UI actions', () => {
  it('uiShare needs text or url', () => {
    expect(params('uiShare', { text: 'hi' }).success).toBe(true)
    expect(params('uiShare', { url: 'https://example.com' }).success).toBe(true)
    expect(params('uiShare', { title: 'only a title' }).success).toBe(false)
    expect(params('uiShare', { url: 'javascript:1' }).success).toBe(false)
  })
  it('uiWriteClipboard bounds the text', () => {
    expect(params('uiWriteClipboard', { text: 'x'.repeat(MAX_CLIPBOARD_TEXT) }).success).toBe(true)
    expect(params('uiWriteClipboard', { text: 'x'.repeat(MAX_CLIPBOARD_TEXT + 1) }).success).toBe(false)
    expect(params('uiWriteClipboard', { text: 1 }).success).toBe(false)
  })
  it('uiHaptic, uiSetMainButton, uiExpand and uiScanQr take their shapes only', () => {
    expect(params('uiHaptic', { kind: 'impact', style: 'heavy' }).success).toBe(true)
    expect(params('uiHaptic', { kind: 'boom' }).success).toBe(false)
    expect(
      params('uiSetMainButton', { visible: true, text: 'Pay', enabled: false, progress: true }).success,
    ).toBe(true)
    expect(params('uiSetMainButton', { visible: 'yes' }).success).toBe(false)
    expect(params('uiSetMainButton', { visible: true, text: '' }).success).toBe(false)
    expect(params('uiExpand', undefined).success).toBe(true)
    expect(params('uiExpand', {}).success).toBe(false)
    expect(params('uiScanQr', null).success).toBe(true)
    expect(params('uiScanQr', { hint: 'Scan the ticket' }).success).toBe(true)
    expect(params('uiScanQr', { hint: 'x'.repeat(257) }).success).toBe(false)
  })
  it('every method is in the registry; those that ask the user wait for them', () => {
    for (const name of Object.keys(uiActionSchemas) as (keyof typeof uiActionSchemas)[]) {
      expect(METHODS[name].scope).toBeNull()
    }
    expect(METHODS.uiShowPopup.waitsForUser).toBe(true)
    expect(METHODS.uiHaptic.waitsForUser).toBe(false)
  })
})

describe('hostile params', () => {
  const anything = fc.anything({ withObjectString: true, withNullPrototype: true, withSparseArray: true })
  test.prop(
    [fc.constantFrom(...(Object.keys(uiActionSchemas) as (keyof typeof uiActionSchemas)[])), anything],
    fuzz,
  )('never throw, and what passes is plain data of the method’s shape', (method, value) => {
    const result = params(method, value)
    if (result.success)
      expect(JSON.parse(JSON.stringify(result.output ?? null))).toEqual(result.output ?? null)
  })
  test.prop([fc.string({ maxLength: 80 })], fuzz)('isHttpUrl never throws', (s) => {
    expect(typeof isHttpUrl(s)).toBe('boolean')
  })
})
