import { PlatformUnavailableError, UnauthorizedError, UserRejectedError } from '@chainless/protocol'
import { authSchemas } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { afterEach, expect, it, vi } from 'vitest'
import { type AuthAnswer, type AuthHarness, connectedAuth } from '../../test/fake-auth.js'
import { flush } from '../../test/fake-host.js'

let harness: AuthHarness | undefined
afterEach(() => {
  harness?.host.close()
  harness = undefined
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const MIN = 60_000
const T0 = Date.UTC(2030, 0, 1)
// A wallet that mints token n (15 min) for each authGetAccessToken, with the scopes asked or user:basic.
const minting = (): AuthAnswer => {
  let n = 0
  return (method, params) => {
    if (method === 'authLogout') return null
    n++
    const scope = (params as { scope?: string[] } | undefined)?.scope ?? ['user:basic']
    return { accessToken: `token-${n}`.padEnd(16, '.'), expiresAt: Date.now() + 15 * MIN, scope }
  }
}
const setup = async (answer: AuthAnswer = minting()) => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 })
  harness = await connectedAuth(answer)
  return harness
}
const tokenCalls = (h: AuthHarness) => h.calls.filter((c) => c.method === 'authGetAccessToken')

it('asks once and serves from the cache until 5 minutes before expiry', async () => {
  const h = await setup()
  expect(await h.auth.getAccessToken()).toBe('token-1.........')
  expect(tokenCalls(h)[0]!.params).toBeUndefined()
  vi.setSystemTime(T0 + 9 * MIN)
  expect(await h.auth.getAccessToken()).toBe('token-1.........')
  expect(tokenCalls(h)).toHaveLength(1)
  vi.setSystemTime(T0 + 10 * MIN)
  expect(await h.auth.getAccessToken()).toBe('token-2.........')
  expect(tokenCalls(h)).toHaveLength(2)
})

it('1,000 concurrent getAccessToken() across an expiry: exactly one bridge call, one token for all', async () => {
  const h = await setup()
  await h.auth.getAccessToken()
  vi.setSystemTime(T0 + 11 * MIN)
  const tokens = await Promise.all(Array.from({ length: 1000 }, () => h.auth.getAccessToken()))
  expect(tokenCalls(h)).toHaveLength(2)
  expect(new Set(tokens)).toStrictEqual(new Set(['token-2.........']))
})

it('a scope the cached token lacks is asked for (params pass the host schema); a covered one is not', async () => {
  const h = await setup()
  await h.auth.getAccessToken()
  expect(await h.auth.getAccessToken({ scope: 'user:phone user:basic' })).toBe('token-2.........')
  const params = tokenCalls(h)[1]!.params
  expect(params).toStrictEqual({ scope: ['user:phone', 'user:basic'] })
  expect(v.safeParse(authSchemas.authGetAccessToken.params, params).success).toBe(true)
  expect(await h.auth.getAccessToken({ scope: ['user:basic'] })).toBe('token-2.........')
  expect(tokenCalls(h)).toHaveLength(2)
})

it('login resolves with the token, its expiry and scopes (frozen); unknown scope is -32602 before any call', async () => {
  const h = await setup()
  const token = await h.auth.login({ scope: 'user:basic' })
  expect(token).toStrictEqual({
    accessToken: 'token-1.........',
    expiresAt: T0 + 15 * MIN,
    scope: ['user:basic'],
  })
  expect(Object.isFrozen(token) && Object.isFrozen(token.scope)).toBe(true)
  await expect(h.auth.login({ scope: 'user:root' })).rejects.toMatchObject({ code: -32602 })
  await expect(h.auth.getAccessToken({ scope: [] as never })).rejects.toMatchObject({ code: -32602 })
  expect(tokenCalls(h)).toHaveLength(1)
})

it.each(['accountsChanged', 'authRevoked'])('the cache is cleared on %s', async (event) => {
  const h = await setup()
  await h.auth.getAccessToken()
  h.event(
    event,
    event === 'authRevoked' ? { scopes: ['user:basic'] } : ['0x8ba1f109551bD432803012645Ac136ddd64DBA72'],
  )
  await flush()
  expect(await h.auth.getAccessToken()).toBe('token-2.........')
})

it('a reply asked for before the account changed is handed to its callers but not cached', async () => {
  let release!: () => void
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  const mint = minting()
  const h = await setup(async (method, params) => {
    if (tokenCalls(h).length === 1) await gate
    return mint(method, params)
  })
  const first = h.auth.getAccessToken()
  await vi.waitFor(() => expect(tokenCalls(h)).toHaveLength(1))
  h.event('accountsChanged', [])
  await flush()
  release()
  expect(await first).toBe('token-1.........')
  expect(await h.auth.getAccessToken()).toBe('token-2.........')
})

it('logout calls authLogout and clears the cache', async () => {
  const h = await setup()
  await h.auth.getAccessToken()
  await h.auth.logout()
  expect(h.calls.map((c) => c.method)).toStrictEqual(['authGetAccessToken', 'authLogout'])
  expect(await h.auth.getAccessToken()).toBe('token-2.........')
})

it('host errors keep class and code (4001, 4100); a failure is not cached, the next call asks again', async () => {
  const h = await setup(() => {
    throw new UserRejectedError()
  })
  const rejected = await h.auth.login({ scope: 'user:basic' }).catch((e: unknown) => e)
  expect(rejected).toBeInstanceOf(h.auth.UserRejectedError)
  expect(rejected).toMatchObject({ code: 4001 })
  h.answer.current = () => {
    throw new UnauthorizedError('Scope not declared', { scope: 'user:email' })
  }
  await expect(h.auth.getAccessToken({ scope: 'user:email' })).rejects.toMatchObject({ code: 4100 })
  h.answer.current = minting()
  expect(await h.auth.getAccessToken()).toBe('token-1.........')
  expect(tokenCalls(h)).toHaveLength(3)
})

it("a refused grant (4100, data.reason invalid_grant) and a platform down past the wallet's retries (-32002) arrive typed; neither is cached", async () => {
  const h = await setup(() => {
    throw new UnauthorizedError('Authorization grant invalid', {
      reason: 'invalid_grant',
      error: 'invalid_grant',
      status: 400,
    })
  })
  const refused = await h.auth.login({ scope: 'user:basic' }).catch((e: unknown) => e)
  expect(refused).toBeInstanceOf(h.auth.UnauthorizedError)
  expect(refused).toMatchObject({ code: 4100, data: { reason: 'invalid_grant' } })
  h.answer.current = () => {
    throw new PlatformUnavailableError('Platform unavailable', { attempts: 4 })
  }
  const down = await h.auth.getAccessToken().catch((e: unknown) => e)
  expect(down).toBeInstanceOf(h.auth.PlatformUnavailableError)
  expect(down).toMatchObject({ code: -32002, data: { attempts: 4 } })
  h.answer.current = minting()
  expect(await h.auth.getAccessToken()).toBe('token-1.........')
  expect(tokenCalls(h)).toHaveLength(3)
})

it.each([
  null,
  'token',
  {},
  { accessToken: 'short', expiresAt: T0, scope: [] },
  { accessToken: 'x'.repeat(20), expiresAt: 1.5, scope: [] },
  { accessToken: 'x'.repeat(20), expiresAt: '9999999999999', scope: [] },
  { accessToken: 'x'.repeat(20), expiresAt: T0, scope: 'user:basic' },
  { accessToken: 'x'.repeat(20), expiresAt: T0, scope: ['root'] },
  { accessToken: 'x'.repeat(8193), expiresAt: T0, scope: [] },
])('a malformed token reply %j is a -32603', async (reply) => {
  const h = await setup(() => reply)
  await expect(h.auth.getAccessToken()).rejects.toMatchObject({ code: -32603 })
})

// Kept on purpose: consent needs the wallet's sheet and the account's signature; a plain tab has
// neither, so there is nothing to log in with (and no code to redeem into the app's IndexedDB).
it('outside a host: getAccessToken, login and logout reject with 4900 at once', async () => {
  vi.resetModules()
  const auth = await import('./index.js')
  for (const attempt of [auth.getAccessToken(), auth.login({ scope: 'user:basic' }), auth.logout()]) {
    const error = await attempt.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(auth.DisconnectedError)
    expect(error).toMatchObject({ code: 4900, message: expect.stringMatching(/wallet/) })
  }
})

it('refresh: true skips the cache and asks the wallet to refresh; concurrent refreshers share one call', async () => {
  const h = await setup()
  expect(await h.auth.getAccessToken()).toBe('token-1.........')
  const refreshed = await Promise.all(
    Array.from({ length: 50 }, () => h.auth.getAccessToken({ refresh: true })),
  )
  expect(new Set(refreshed)).toStrictEqual(new Set(['token-2.........']))
  expect(tokenCalls(h)).toHaveLength(2)
  const params = tokenCalls(h)[1]!.params
  expect(params).toEqual({ scope: undefined, refresh: true })
  // What the app sends passes the host's schema.
  expect(v.safeParse(authSchemas.authGetAccessToken.params, params).success).toBe(true)
  // The refreshed token is the cached one from now on.
  expect(await h.auth.getAccessToken()).toBe('token-2.........')
  expect(tokenCalls(h)).toHaveLength(2)
})
