import { fc, test } from '@fast-check/vitest'
import { describe, expect, it, vi } from 'vitest'
import { fuzzParameters, HOSTILE_KEYS, hostileValue } from '../hostile.fuzz.js'
import type { InspectedCall } from '../inspector.js'
import {
  createMockRules,
  InvalidMockRuleError,
  interceptionOf,
  MAX_MOCK_RULES,
  type MockRule,
  parseMockRules,
} from './mock-rules.js'

const ACCOUNT = '0x8ba1f109551bD432803012645Ac136ddd64DBA72'
const rule = (over: Partial<MockRule> = {}): MockRule => ({
  id: 'r1',
  appId: '*',
  method: '*',
  action: { kind: 'error', code: 4001 },
  enabled: true,
  ...over,
})
const call = (over: Partial<InspectedCall> = {}): InspectedCall => ({
  seq: 1,
  appId: 'hello',
  account: '',
  method: 'walletRequest',
  params: { method: 'eth_sendTransaction', params: [] },
  at: 0,
  origin: 'app',
  ...over,
})

/** The issues of a refused input. */
function issuesOf(input: unknown) {
  try {
    parseMockRules(input)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidMockRuleError)
    return (error as InvalidMockRuleError).issues
  }
  throw new Error('accepted')
}

describe('parseMockRules', () => {
  it('accepts the three actions, a delay, an account (checksummed on the way in)', () => {
    const rules = parseMockRules([
      rule({ id: 'a', delayMs: 100 }),
      rule({
        id: 'b',
        appId: 'hello',
        method: 'storageGet',
        action: { kind: 'result', result: { value: 'x' } },
      }),
      rule({
        id: 'c',
        method: 'eth_call',
        action: { kind: 'delay', delayMs: 60_000 },
        account: ACCOUNT.toLowerCase(),
      }),
      rule({
        id: 'd',
        action: { kind: 'error', code: -32603, message: 'boom', data: { why: [1] } },
        enabled: false,
      }),
    ])
    expect(rules.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd'])
    expect(rules[2]!.account).toBe(ACCOUNT)
    expect(Object.isFrozen(rules[1]!.action)).toBe(true)
  })

  it('copies: changing the input later does not change the rules', () => {
    const result = { value: 'x' }
    const [parsed] = parseMockRules([rule({ action: { kind: 'result', result } })])
    result.value = 'changed'
    expect(parsed!.action).toEqual({ kind: 'result', result: { value: 'x' } })
  })

  it('names the index and field of each problem', () => {
    expect(issuesOf([rule(), rule({ id: 'bad id!' })])).toEqual([
      { index: 1, field: 'id', message: expect.any(String) },
    ])
    expect(issuesOf([rule({ action: { kind: 'error', code: 1.5 } })])).toEqual([
      { index: 0, field: 'action.code', message: expect.stringContaining('integer') },
    ])
    expect(issuesOf([rule(), rule({ delayMs: 60_001, id: 'r2' })])[0]).toMatchObject({
      index: 1,
      field: 'delayMs',
    })
    expect(issuesOf([rule({ appId: 'Not An App' })])[0]).toMatchObject({ index: 0, field: 'appId' })
    expect(issuesOf([rule({ method: 'a b' })])[0]).toMatchObject({ index: 0, field: 'method' })
    expect(issuesOf([rule({ account: '0x8BA1f109551bD432803012645Ac136ddd64DBA72' })])[0]).toMatchObject({
      field: 'account',
      message: expect.stringContaining('checksum'),
    })
    expect(issuesOf([rule({ action: { kind: 'nope' } as never })])[0]).toMatchObject({ field: 'action.kind' })
    expect(issuesOf([rule({ action: { kind: 'result', result: () => 1 } })])[0]).toMatchObject({
      field: 'action.result',
    })
    expect(issuesOf([{ ...rule(), extra: 1 }])[0]).toMatchObject({ index: 0, field: 'extra' })
    expect(issuesOf([rule(), rule()])).toEqual([{ index: 1, field: 'id', message: 'Duplicate id' }])
    expect(issuesOf({})).toEqual([{ index: -1, field: '', message: 'Expected an array of rules' }])
    const error = (() => {
      try {
        parseMockRules([rule({ id: '' })])
      } catch (e) {
        return e as InvalidMockRuleError
      }
    })()
    expect(error?.details).toContain('rules[0].id')
  })

  it('refuses an own __proto__ or constructor key on a rule; keeps one inside a result as plain data', () => {
    const valid = '"id":"a","appId":"*","method":"*","action":{"kind":"delay","delayMs":1},"enabled":true'
    expect(issuesOf(JSON.parse(`[{"__proto__":{"enabled":false},${valid}}]`))[0]).toMatchObject({
      index: 0,
      field: '__proto__',
    })
    expect(issuesOf(JSON.parse(`[{"constructor":1,${valid}}]`))[0]).toMatchObject({ field: 'constructor' })
    const [parsed] = parseMockRules(
      JSON.parse(
        '[{"id":"a","appId":"*","method":"*","enabled":true,"action":{"kind":"result","result":{"__proto__":{"x":1}}}}]',
      ),
    )
    const result = (parsed!.action as { result: object }).result
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
    expect(Object.hasOwn(result, '__proto__')).toBe(true)
    expect(({} as { x?: number }).x).toBeUndefined()
  })

  it('refuses more than 200 rules, a huge sparse array at once', () => {
    const many = Array.from({ length: MAX_MOCK_RULES + 1 }, (_, i) => rule({ id: `r${i}` }))
    expect(issuesOf(many)[0]!.message).toContain('at most 200')
    const sparse: unknown[] = []
    sparse[2 ** 32 - 2] = rule()
    const started = performance.now()
    expect(issuesOf(sparse)[0]!.index).toBe(-1)
    expect(performance.now() - started).toBeLessThan(50)
    expect(
      parseMockRules(Array.from({ length: MAX_MOCK_RULES }, (_, i) => rule({ id: `r${i}` }))),
    ).toHaveLength(200)
  })

  it('refuses cycles and oversize results; reports at most 10 issues', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(issuesOf([rule({ action: { kind: 'result', result: cyclic } })])[0]).toMatchObject({
      field: 'action.result',
    })
    expect(issuesOf([rule({ action: { kind: 'result', result: 'x'.repeat(70_000) } })])[0]).toMatchObject({
      field: 'action.result',
    })
    expect(issuesOf(Array.from({ length: 50 }, () => 1))).toHaveLength(10)
  })
})

describe('parseMockRules (fuzz)', () => {
  const validRule = fc.record({
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    appId: fc.constantFrom('*', 'hello', 'a-b'),
    method: fc.constantFrom('*', 'walletRequest', 'eth_sendTransaction', 'storageGet'),
    action: fc.oneof(
      fc.record({ kind: fc.constant('error' as const), code: fc.integer({ min: -32768, max: 5000 }) }),
      fc.record({ kind: fc.constant('result' as const), result: fc.jsonValue({ maxDepth: 3 }) }),
      fc.record({ kind: fc.constant('delay' as const), delayMs: fc.integer({ min: 0, max: 60_000 }) }),
    ),
    enabled: fc.boolean(),
  })
  /** A valid rule with one field replaced (or added) by something hostile. */
  const corrupted = fc
    .tuple(
      validRule,
      fc.constantFrom('id', 'appId', 'method', 'action', 'enabled', 'delayMs', 'account', ...HOSTILE_KEYS),
      hostileValue,
    )
    .map(([r, key, value]) => {
      const out: Record<string, unknown> = { ...r }
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
      return out
    })

  test.prop([fc.array(fc.oneof(validRule, corrupted, hostileValue), { maxLength: 12 })], fuzzParameters(300))(
    'accepts or refuses with InvalidMockRuleError naming an index, never anything else',
    (input) => {
      let rules: MockRule[] | undefined
      try {
        rules = parseMockRules(input)
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidMockRuleError)
        const issues = (error as InvalidMockRuleError).issues
        expect(issues.length).toBeGreaterThan(0)
        expect(issues.length).toBeLessThanOrEqual(10)
        for (const issue of issues) {
          expect(issue.index).toBeGreaterThanOrEqual(0)
          expect(issue.index).toBeLessThan(input.length)
        }
        return
      }
      expect(rules).toHaveLength(input.length)
      // Accepted rules are plain JSON data.
      expect(JSON.parse(JSON.stringify(rules))).toEqual(rules)
    },
  )

  test.prop([hostileValue], fuzzParameters(200))('refuses any non-array input cleanly', (input) => {
    if (Array.isArray(input) && input.length === 0) return
    expect(() => parseMockRules(input)).toThrow(InvalidMockRuleError)
  })
})

describe('MockRules.match', () => {
  it('prefers a specific app over *, then rpcMethod over bridge method over *, then account', () => {
    const mocks = createMockRules([
      rule({ id: 'any' }),
      rule({ id: 'bridge', method: 'walletRequest' }),
      rule({ id: 'rpc', method: 'eth_sendTransaction' }),
      rule({ id: 'app-any', appId: 'hello' }),
    ])
    expect(mocks.match(call())?.id).toBe('app-any')
    expect(mocks.match(call({ appId: 'other' }))?.id).toBe('rpc')
    expect(mocks.match(call({ appId: 'other', params: { method: 'eth_call' } }))?.id).toBe('bridge')
    expect(mocks.match(call({ appId: 'other', method: 'storageGet', params: { key: 'k' } }))?.id).toBe('any')
  })

  it('an rpc method name never matches a bridge method of the same spelling outside walletRequest', () => {
    const mocks = createMockRules([rule({ id: 'rpc', method: 'eth_call' })])
    expect(mocks.match(call({ method: 'storageGet', params: { method: 'eth_call' } }))).toBeUndefined()
  })

  it('applies account-scoped rules only for that account (any case), before unscoped ones', () => {
    const mocks = createMockRules([
      rule({ id: 'all', method: 'eth_sendTransaction' }),
      rule({ id: 'mine', method: 'eth_sendTransaction', account: ACCOUNT }),
    ])
    expect(mocks.match(call({ account: ACCOUNT.toLowerCase() }))?.id).toBe('mine')
    expect(mocks.match(call({ account: '0x0000000000000000000000000000000000000001' }))?.id).toBe('all')
    expect(mocks.match(call({ account: '' }))?.id).toBe('all')
  })

  it('skips disabled rules; ties go to the earlier rule', () => {
    const mocks = createMockRules([
      rule({ id: 'off', appId: 'hello', enabled: false }),
      rule({ id: 'first' }),
      rule({ id: 'second' }),
    ])
    expect(mocks.match(call())?.id).toBe('first')
  })

  it('set validates everything first: nothing changes on error; listeners hear set and clear', () => {
    const mocks = createMockRules([rule({ id: 'keep' })])
    const heard = vi.fn()
    mocks.subscribe(heard)
    expect(() => mocks.set([rule({ id: 'new' }), { bad: true }])).toThrow(InvalidMockRuleError)
    expect(mocks.list().map((r) => r.id)).toEqual(['keep'])
    expect(heard).not.toHaveBeenCalled()
    mocks.set([rule({ id: 'new' })])
    mocks.clear()
    expect(heard.mock.calls.map(([rules]) => (rules as MockRule[]).map((r) => r.id))).toEqual([['new'], []])
    expect(mocks.match(call())).toBeUndefined()
  })
})

describe('interceptionOf', () => {
  it('turns actions into interceptions (default messages, the rule delay before error/result)', () => {
    expect(interceptionOf(rule({ delayMs: 5 }))).toEqual({
      error: { code: 4001, message: 'User rejected the request' },
      delayMs: 5,
    })
    expect(interceptionOf(rule({ action: { kind: 'error', code: 1234, data: 1 } }))).toEqual({
      error: { code: 1234, message: 'Mocked error', data: 1 },
      delayMs: 0,
    })
    expect(interceptionOf(rule({ action: { kind: 'result', result: null } }))).toEqual({
      result: null,
      delayMs: 0,
    })
    expect(interceptionOf(rule({ action: { kind: 'delay', delayMs: 7 } }))).toEqual({ delayMs: 7 })
  })
})
