import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { MASK, maskTarget, RequestLog } from './request-log.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 300)
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED)

describe('maskTarget', () => {
  it.each([
    ['/oauth/x?code=abc&state=s', `/oauth/x?code=${MASK}&state=s`],
    [
      '/x?access_token=a&refresh_token=b&client_secret=c',
      `/x?access_token=${MASK}&refresh_token=${MASK}&client_secret=${MASK}`,
    ],
    ['/x?code_verifier=v&id_token_hint=h', `/x?code_verifier=${MASK}&id_token_hint=${MASK}`],
    ['/x?%63ode=abc', `/x?%63ode=${MASK}`],
    ['/x?Code=abc&codes=1', `/x?Code=${MASK}&codes=1`],
    ['/x?%E0%A4%A=1&code', '/x?%E0%A4%A=1&code'],
    ['/x', '/x'],
  ])('%s → %s', (input, output) => {
    expect(maskTarget(input)).toBe(output)
  })

  test.prop([fc.string({ maxLength: 300 }), fc.string({ minLength: 1, maxLength: 40 })], {
    numRuns: RUNS,
    ...(SEED === undefined ? {} : { seed: SEED }),
  })('never shows a secret value, never throws, stays bounded', (prefix, secret) => {
    const value = encodeURIComponent(`S3CR3T${secret}`)
    const target = `/p?${encodeURIComponent(prefix)}=1&access_token=${value}&code=${value}`
    const masked = maskTarget(target)
    expect(masked).not.toContain(value)
    expect(maskTarget(`/${prefix}`).length).toBeLessThanOrEqual(2000)
  })
})

describe('RequestLog', () => {
  const entry = (appId: string | null, path = '/x') => ({
    at: 1,
    appId,
    method: 'GET',
    path,
    status: 200,
    durationMs: 1,
    requestId: 'r',
  })

  it('numbers entries, filters by app and since, keeps the newest `capacity`', () => {
    const log = new RequestLog({ capacity: 3 })
    for (const appId of ['a', 'b', 'a', 'a']) log.add(entry(appId))
    expect(log.entries().map((e) => e.seq)).toEqual([2, 3, 4])
    expect(log.entries({ appId: 'a' }).map((e) => e.seq)).toEqual([3, 4])
    expect(log.entries({ since: 3 }).map((e) => e.seq)).toEqual([4])
    expect(log.entries({ limit: 1 }).map((e) => e.seq)).toEqual([4])
  })

  it('tells subscribers until they unsubscribe', () => {
    const log = new RequestLog()
    const seen: number[] = []
    const off = log.subscribe((e) => seen.push(e.seq))
    log.add(entry('a'))
    off()
    log.add(entry('a'))
    expect(seen).toEqual([1])
  })
})
