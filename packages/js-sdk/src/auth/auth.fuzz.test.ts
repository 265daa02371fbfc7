// Hostile wallet replies to authAuthorize / authGetAccessToken: whatever the host answers, the app
// gets a typed error or a well-formed result, never a malformed token or code.
import { fc, test } from '@fast-check/vitest'
import { afterAll, beforeAll, expect } from 'vitest'
import { type AuthHarness, connectedAuth } from '../../test/fake-auth.js'

let h: AuthHarness
let reply: unknown
beforeAll(async () => {
  h = await connectedAuth((method, params) => {
    // `state: true` in an arbitrary reply: the host echoes the state it was sent (a confused host can).
    if (method === 'authAuthorize' && typeof reply === 'object' && reply !== null && 'state' in reply) {
      if ((reply as { state: unknown }).state === true)
        return { ...reply, state: (params as { state: string }).state }
    }
    return reply
  })
})
afterAll(() => h.host.close())

const SCOPES = [
  'user:basic',
  'user:phone',
  'user:email',
  'tx:sign',
  'tx:broadcast',
  'asset:read',
  'asset:transfer',
]
const nearToken = fc.record(
  {
    accessToken: fc.oneof(fc.string({ maxLength: 40 }), fc.anything()),
    expiresAt: fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2), fc.anything()),
    scope: fc.oneof(fc.array(fc.constantFrom(...SCOPES, 'root', '__proto__')), fc.anything()),
  },
  { requiredKeys: [] },
)
const nearCode = fc.record(
  {
    code: fc.oneof(fc.string({ minLength: 10, maxLength: 600 }), fc.anything()),
    state: fc.oneof(fc.constant(true), fc.string(), fc.anything()),
  },
  { requiredKeys: [] },
)
const typed = (error: unknown) => {
  expect(error).toBeInstanceOf(h.auth.ChainlessError)
  const { code, reason } = error as { code?: number; reason?: string }
  expect(code === -32603 || reason === 'state_mismatch').toBe(true)
}

test.prop([fc.oneof(nearToken, fc.anything())], { numRuns: 150 })(
  'getAccessToken: a well-formed token or a -32603',
  async (answer) => {
    reply = answer
    await h.auth.logout() // a fresh request each run
    await h.auth.login({ scope: 'user:basic' }).then((token) => {
      expect(typeof token.accessToken).toBe('string')
      expect(token.accessToken.length).toBeGreaterThanOrEqual(16)
      expect(token.accessToken.length).toBeLessThanOrEqual(8192)
      expect(Number.isSafeInteger(token.expiresAt)).toBe(true)
      expect(token.scope.every((s) => SCOPES.includes(s))).toBe(true)
    }, typed)
  },
)

test.prop([fc.oneof(nearCode, fc.anything())], { numRuns: 150 })(
  'authorize: the state it sent and a bounded code, or a typed error',
  async (answer) => {
    reply = answer
    await h.auth.authorize({ scope: 'user:basic' }).then((result) => {
      expect(typeof result.code).toBe('string')
      expect(result.code.length).toBeGreaterThanOrEqual(16)
      expect(result.code.length).toBeLessThanOrEqual(512)
      expect(Object.keys(result).sort()).toStrictEqual(['code', 'codeVerifier', 'state'])
    }, typed)
  },
)
