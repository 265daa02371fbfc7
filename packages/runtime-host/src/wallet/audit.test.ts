import { describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../invalid-option-error.js'
import { AuditLog } from './audit.js'
import { MemoryKeyValueStore } from './kv-memory.js'

const entry = (n: number, appId = 'web3-demo') => ({
  appId,
  method: `m${n}`,
  decision: 'approved' as const,
  policyHits: [],
})

describe('AuditLog', () => {
  it('lists newest first, with a random id and the time, and filters by app', async () => {
    const log = new AuditLog(new MemoryKeyValueStore())
    await log.append(entry(1))
    await log.append({
      ...entry(2, 'other'),
      decision: 'refused',
      policyHits: ['unknownContract'],
      code: -32003,
    })
    await log.append({
      ...entry(3),
      hash: `0x${'a'.repeat(64)}`,
      account: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    })
    const all = await log.list()
    expect(all.map((e) => e.method)).toEqual(['m3', 'm2', 'm1'])
    expect(new Set(all.map((e) => e.id)).size).toBe(3)
    expect(all.every((e) => typeof e.time === 'number' && e.time <= Date.now())).toBe(true)
    expect((await log.list({ appId: 'other' }))[0]).toMatchObject({
      policyHits: ['unknownContract'],
      code: -32003,
    })
    expect((await log.list({ limit: 1 })).map((e) => e.method)).toEqual(['m3'])
  })

  it('keeps at most `max` entries, dropping the oldest, and loses none to concurrent appends', async () => {
    const log = new AuditLog(new MemoryKeyValueStore(), { max: 5 })
    await Promise.all(Array.from({ length: 8 }, (_, i) => log.append(entry(i))))
    expect((await log.list()).map((e) => e.method)).toEqual(['m7', 'm6', 'm5', 'm4', 'm3'])
  })

  it('survives a reload (same store) and exports pretty JSON; clear empties it', async () => {
    const store = new MemoryKeyValueStore()
    await new AuditLog(store).append(entry(1))
    const log = new AuditLog(store)
    const json = await log.export()
    expect(json).toContain('\n  ')
    expect(JSON.parse(json)).toEqual(await log.list())
    await log.clear()
    expect(await log.list()).toEqual([])
    expect(await log.export()).toBe('[]')
  })

  it('copies policyHits, so a caller mutating its array changes nothing', async () => {
    const log = new AuditLog(new MemoryKeyValueStore())
    const hits = ['firstInteraction']
    await log.append({ ...entry(1), policyHits: hits })
    hits.push('x')
    expect((await log.list())[0]?.policyHits).toEqual(['firstInteraction'])
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses max = %s', (max) => {
    expect(() => new AuditLog(new MemoryKeyValueStore(), { max })).toThrow(InvalidOptionError)
  })
})
