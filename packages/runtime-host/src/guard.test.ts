import { describe, expect, it } from 'vitest'
import { guardMessage, MAX_PARAMS_BYTES } from './guard.js'

const served = new Set(['ready', 'close', 'setBackButton', 'getContext', 'ping'])
const apply = (path: unknown, argumentList?: unknown, id: unknown = '1') => ({
  id,
  type: 'APPLY',
  path,
  argumentList,
})

describe('guardMessage', () => {
  it('passes APPLY of a registered name with valid params', () => {
    expect(
      guardMessage(apply(['setBackButton'], [{ type: 'RAW', value: { visible: true } }]), served),
    ).toEqual({
      kind: 'call',
      id: '1',
      method: 'setBackButton',
      params: { visible: true },
    })
    expect(guardMessage(apply(['ping'], []), served)).toMatchObject({ kind: 'call', method: 'ping' })
    expect(guardMessage(apply(['ping']), served)).toMatchObject({ kind: 'call', method: 'ping' })
  })

  it('acknowledges RELEASE without doing anything', () => {
    expect(guardMessage({ id: 'r', type: 'RELEASE', path: [] }, served)).toEqual({ kind: 'release', id: 'r' })
  })

  it.each(['GET', 'SET', 'CONSTRUCT', 'ENDPOINT', 'apply', undefined, 7])(
    'refuses message type %s with 4200',
    (type) => {
      const result = guardMessage({ id: 'x', type, path: ['ping'], argumentList: [] }, served)
      expect(result).toMatchObject({ kind: 'refuse', id: 'x', error: { code: 4200 } })
    },
  )

  it.each([['__proto__'], ['constructor'], ['prototype'], ['toString'], ['hasOwnProperty'], ['nope']])(
    'refuses the unknown or inherited name %s with 4200',
    (name) => {
      expect(guardMessage(apply([name], []), served)).toMatchObject({ kind: 'refuse', error: { code: 4200 } })
    },
  )

  it('refuses a registered name the host does not serve', () => {
    expect(guardMessage(apply(['ping'], []), new Set(['ready']))).toMatchObject({
      kind: 'refuse',
      error: { code: 4200 },
    })
  })

  it.each([[[]], [['ping', 'call']], [['__proto__', 'polluted']], ['ping'], [[1]], [null]])(
    'refuses the path %j',
    (path) => {
      expect(guardMessage(apply(path, []), served)).toMatchObject({ kind: 'refuse', error: { code: 4200 } })
    },
  )

  it.each([null, undefined, 'hello', 42, [], true])('refuses the non-object %j without an id', (data) => {
    expect(guardMessage(data, served)).toMatchObject({
      kind: 'refuse',
      id: undefined,
      error: { code: -32602 },
    })
  })

  it('refuses a missing, non-string or oversized id', () => {
    for (const id of [undefined, 3, {}, 'x'.repeat(65)]) {
      expect(guardMessage({ id, type: 'APPLY', path: ['ping'], argumentList: [] }, served)).toMatchObject({
        kind: 'refuse',
        id: undefined,
      })
    }
  })

  it('refuses HANDLER wire values (comlink proxies) and more than one argument', () => {
    const handler = apply(['ping'], [{ type: 'HANDLER', name: 'proxy', value: 1 }])
    expect(guardMessage(handler, served)).toMatchObject({ kind: 'refuse', error: { code: -32602 } })
    const two = apply(
      ['ping'],
      [
        { type: 'RAW', value: undefined },
        { type: 'RAW', value: undefined },
      ],
    )
    expect(guardMessage(two, served)).toMatchObject({ kind: 'refuse', error: { code: -32602 } })
    expect(guardMessage(apply(['ping'], 'nope'), served)).toMatchObject({
      kind: 'refuse',
      error: { code: -32602 },
    })
  })

  it('refuses huge payloads before validating them', () => {
    const huge = { reason: 'x'.repeat(MAX_PARAMS_BYTES + 1) }
    const result = guardMessage(apply(['close'], [{ type: 'RAW', value: huge }]), served)
    expect(result).toMatchObject({
      kind: 'refuse',
      error: { code: -32602, message: 'Params too large or not plain data' },
    })
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]))
    expect(guardMessage(apply(['close'], [{ type: 'RAW', value: wide }]), served)).toMatchObject({
      kind: 'refuse',
    })
  })

  it('refuses non-plain values (class instances, cycles, deep nesting)', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    let deep: unknown = 1
    for (let i = 0; i < 100; i++) deep = { deep }
    for (const value of [new Date(), new Map(), cyclic, deep, new Uint8Array(4)]) {
      expect(guardMessage(apply(['close'], [{ type: 'RAW', value }]), served)).toMatchObject({
        kind: 'refuse',
        error: { code: -32602 },
      })
    }
  })

  describe('validates each registered method', () => {
    const cases: [string, unknown, boolean][] = [
      ['ready', undefined, true],
      ['ready', {}, false],
      ['ready', { extra: 1 }, false],
      ['close', undefined, true],
      ['close', { reason: 'done' }, true],
      ['close', { reason: 5 }, false],
      ['close', { reason: 'x'.repeat(201) }, false],
      ['close', { reason: 'a', other: true }, false],
      ['setBackButton', { visible: false }, true],
      ['setBackButton', { visible: 'yes' }, false],
      ['setBackButton', undefined, false],
      ['getContext', undefined, true],
      ['getContext', [1], false],
      ['getContext', [], false],
      ['ready', [], false],
      ['ready', null, true],
      ['ping', undefined, true],
      ['ping', 'x', false],
    ]
    it.each(cases)('%s(%j) → valid: %s', (method, params, valid) => {
      const result = guardMessage(apply([method], [{ type: 'RAW', value: params }]), served)
      expect(result.kind).toBe(valid ? 'call' : 'refuse')
      if (!valid) expect(result).toMatchObject({ error: { code: -32602, data: { method } } })
    })
  })
})
