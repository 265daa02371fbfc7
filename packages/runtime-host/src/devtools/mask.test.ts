import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { fuzzParameters, HOSTILE_KEYS, hostileValue } from '../hostile.fuzz.js'
import { MASK, maskSensitive, TRUNCATED } from './mask.js'

const SENSITIVE = /signature|token|secret|verifier|password|private|^code$|^raw$|mnemonic/i

/** Every value at a sensitive key of `value` (a masked copy: plain, acyclic). */
function sensitiveValues(value: unknown, out: unknown[] = [], depth = 0): unknown[] {
  if (typeof value !== 'object' || value === null || depth > 40) return out
  for (const [key, item] of Object.entries(value)) {
    if (!Array.isArray(value) && SENSITIVE.test(key)) out.push(item)
    else sensitiveValues(item, out, depth + 1)
  }
  return out
}

describe('maskSensitive', () => {
  it('masks sensitive keys to MASK + the last 4 characters (short or non-string: MASK)', () => {
    const input = {
      accessToken: 'eyJhbGciOiJFUzI1NiJ9.body.abcd',
      nested: [{ signature: `0x${'1'.repeat(128)}beef`, ok: 'visible' }],
      code: 'short',
      raw: 12345,
      PrivateKey: { d: 'x' },
      codeVerifier: 'v'.repeat(43),
      mnemonicWords: 'test test test test test test test test test test test junk',
      barcode: 'not sensitive',
    }
    expect(maskSensitive(input)).toEqual({
      accessToken: `${MASK}abcd`,
      nested: [{ signature: `${MASK}beef`, ok: 'visible' }],
      code: MASK,
      raw: MASK,
      PrivateKey: MASK,
      codeVerifier: `${MASK}vvvv`,
      mnemonicWords: `${MASK}junk`,
      barcode: 'not sensitive',
    })
  })

  it('masks the whole result of a signing method', () => {
    const sig = `0x${'a'.repeat(126)}1234`
    for (const rpcMethod of [
      'personal_sign',
      'eth_sign',
      'eth_signTypedData_v4',
      'eth_signTypedData',
      'eth_signTransaction',
    ]) {
      expect(maskSensitive(sig, { method: 'walletRequest', rpcMethod })).toBe(`${MASK}1234`)
    }
    expect(maskSensitive({ raw: sig }, { rpcMethod: 'eth_signTransaction' })).toBe(MASK)
    expect(maskSensitive(sig, { method: 'walletRequest', rpcMethod: 'eth_call' })).toBe(sig)
  })

  it('copies without masking other values, and never sets a prototype through __proto__', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": [1, "two", null]}') as object
    const out = maskSensitive(input) as Record<string, unknown>
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.hasOwn(out, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(out.a).toEqual([1, 'two', null])
    expect(out).not.toBe(input)
  })

  it('bounds cycles, depth, keys and sparse arrays', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = cyclic
    expect(maskSensitive(cyclic)).toEqual({ a: 1, self: '[circular]' })
    let deep: unknown = 'bottom'
    for (let i = 0; i < 100; i++) deep = { d: deep }
    expect(JSON.stringify(maskSensitive(deep))).toContain(TRUNCATED)
    const sparse: unknown[] = []
    sparse[2 ** 32 - 2] = { token: 'x'.repeat(20) }
    const masked = maskSensitive(sparse) as unknown[]
    expect(masked).toHaveLength(1001)
    expect(masked[1000]).toBe(TRUNCATED)
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))
    expect(Object.keys(maskSensitive(wide) as object)).toHaveLength(1001)
    // A DAG of shared references is exponential as a tree: the node budget stops it.
    let dag: unknown = 1
    for (let i = 0; i < 30; i++) dag = [dag, dag]
    const started = performance.now()
    expect(JSON.stringify(maskSensitive(dag))).toContain(TRUNCATED)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('never throws: getters, revoked proxies, bigints, symbols, functions', () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    const getter = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter')
      },
    })
    expect(maskSensitive(proxy)).toBe('[unreadable]')
    expect(maskSensitive({ getter })).toEqual({ getter: '[unreadable]' })
    expect(maskSensitive({ n: 10n, s: Symbol('x'), f: () => 1 })).toEqual({
      n: '10',
      s: 'Symbol(x)',
      f: '[function]',
    })
    expect(maskSensitive(undefined, null as never)).toBeUndefined()
  })
})

describe('maskSensitive (fuzz)', () => {
  const secret = fc.string({ minLength: 16, maxLength: 40, unit: fc.constantFrom(...'0123456789abcdef') })
  const sensitiveKey = fc.constantFrom(
    'signature',
    'accessToken',
    'clientSecret',
    'code',
    'raw',
    'password',
    'privateKey',
    'mnemonic',
    'codeVerifier',
  )
  /** A hostile value with secrets planted at sensitive keys, at random depths. */
  const planted = fc
    .tuple(
      hostileValue,
      fc.array(
        fc.tuple(
          sensitiveKey,
          secret,
          fc.array(fc.constantFrom(...HOSTILE_KEYS, 'x', '0'), { maxLength: 6 }),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([noise, secrets]) => {
      const root: Record<string, unknown> = { noise }
      for (const [key, value, path] of secrets) {
        let at: Record<string, unknown> = root
        for (const step of path) {
          const next: Record<string, unknown> = {}
          Object.defineProperty(at, step, {
            value: next,
            enumerable: true,
            writable: true,
            configurable: true,
          })
          at = next
        }
        Object.defineProperty(at, key, { value, enumerable: true, writable: true, configurable: true })
      }
      return { root, secrets: secrets.map(([, value]) => value) }
    })

  test.prop([hostileValue], fuzzParameters(300))(
    'never throws and returns JSON-serialisable data',
    (value) => {
      const masked = maskSensitive(value)
      expect(() => JSON.stringify(masked)).not.toThrow()
      for (const item of sensitiveValues(masked)) {
        expect(typeof item === 'string' && item.startsWith(MASK)).toBe(true)
      }
    },
  )

  test.prop([planted], fuzzParameters(300))('never returns a planted secret', ({ root, secrets }) => {
    const json = JSON.stringify(maskSensitive(root))
    for (const value of secrets) expect(json).not.toContain(value)
  })
})
