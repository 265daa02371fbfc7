import { createHash } from 'node:crypto'
import { UnauthorizedError, UserRejectedError } from '@chainless/protocol'
import { authSchemas } from '@chainless/protocol/schemas'
import * as v from 'valibot'
import { afterEach, expect, it, vi } from 'vitest'
import { type AuthAnswer, type AuthHarness, connectedAuth } from '../../test/fake-auth.js'
import type { ScopeInput } from './scope.js'

let harness: AuthHarness | undefined
afterEach(() => {
  harness?.host.close()
  harness = undefined
  vi.unstubAllGlobals()
})

const CODE = 'c'.repeat(43)
// Echoes the state it was sent, as an honest wallet does.
const honest: AuthAnswer = (_method, params) => ({ code: CODE, state: (params as { state: string }).state })
const setup = async (answer: AuthAnswer = honest) => {
  harness = await connectedAuth(answer)
  return harness
}
// RFC 7636 §4.2, computed here independently of oauth4webapi.
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url')

it('sends authAuthorize with an S256 challenge of the verifier it returns, and the state it checked', async () => {
  const h = await setup()
  const result = await h.auth.authorize({ scope: ['user:basic', 'user:phone'] })
  expect(h.calls).toHaveLength(1)
  const { method, params } = h.calls[0]!
  expect(method).toBe('authAuthorize')
  const sent = params as {
    scope: string[]
    codeChallenge: string
    codeChallengeMethod: string
    state: string
  }
  expect(sent.scope).toStrictEqual(['user:basic', 'user:phone'])
  expect(sent.codeChallengeMethod).toBe('S256')
  // RFC 7636 §4.1: 43 to 128 unreserved characters; 32 random bytes give 43.
  expect(result.codeVerifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/)
  expect(sent.codeChallenge).toBe(s256(result.codeVerifier))
  expect(sent).not.toHaveProperty('codeVerifier')
  expect(JSON.stringify(sent)).not.toContain(result.codeVerifier)
  expect(result).toStrictEqual({ code: CODE, codeVerifier: result.codeVerifier, state: sent.state })
  // What the host's schema accepts.
  expect(v.safeParse(authSchemas.authAuthorize.params, sent).success).toBe(true)
})

it('a fresh verifier and state each call', async () => {
  const h = await setup()
  const a = await h.auth.authorize({ scope: 'user:basic' })
  const b = await h.auth.authorize({ scope: 'user:basic' })
  expect(a.codeVerifier).not.toBe(b.codeVerifier)
  expect(a.state).not.toBe(b.state)
})

it.each([
  ['user:basic', ['user:basic']],
  [['user:basic'], ['user:basic']],
  ['user:basic user:email', ['user:basic', 'user:email']],
  ['  user:basic   user:phone ', ['user:basic', 'user:phone']],
  [
    ['user:basic', 'user:basic', 'tx:sign'],
    ['user:basic', 'tx:sign'],
  ],
])('scope %j is sent as %j', async (scope, expected) => {
  const h = await setup()
  await h.auth.authorize({ scope: scope as ScopeInput })
  expect((h.calls[0]!.params as { scope: string[] }).scope).toStrictEqual(expected)
})

it.each([
  'user:nope',
  ['user:basic', 'admin'],
  '',
  '   ',
  [],
  'user:basic,user:phone',
  42,
  null,
  { 0: 'user:basic' },
  ['__proto__'],
])('scope %j is a -32602 before any call', async (scope) => {
  const h = await setup()
  const error = await h.auth.authorize({ scope: scope as string }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(h.auth.InvalidParamsError)
  expect(error).toMatchObject({ code: -32602, data: { issues: [{ path: 'scope' }] } })
  expect(h.calls).toHaveLength(0)
})

it('another state in the reply is a StateMismatchError (reason state_mismatch, no code): the code is dropped', async () => {
  const h = await setup(() => ({ code: CODE, state: 'x'.repeat(43) }))
  const error = await h.auth.authorize({ scope: 'user:basic' }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(h.auth.StateMismatchError)
  expect(error).toBeInstanceOf(h.auth.ChainlessError)
  expect(error).toMatchObject({ name: 'StateMismatchError', reason: 'state_mismatch' })
  expect(error).not.toHaveProperty('code')
  expect(String((error as Error).message)).not.toContain(CODE)
})

it('a reply without state is a StateMismatchError too', async () => {
  const h = await setup(() => ({ code: CODE }))
  await expect(h.auth.authorize({ scope: 'user:basic' })).rejects.toMatchObject({ reason: 'state_mismatch' })
})

it('host errors keep their class and code (4001 rejected, 4100 undeclared scope)', async () => {
  const h = await setup(() => {
    throw new UserRejectedError()
  })
  const rejected = await h.auth.authorize({ scope: 'user:basic' }).catch((e: unknown) => e)
  expect(rejected).toBeInstanceOf(h.auth.UserRejectedError)
  expect(rejected).toMatchObject({ code: 4001 })
  h.answer.current = () => {
    throw new UnauthorizedError('Scope not declared', { scope: 'user:email' })
  }
  const undeclared = await h.auth.authorize({ scope: 'user:email' }).catch((e: unknown) => e)
  expect(undeclared).toBeInstanceOf(h.auth.UnauthorizedError)
  expect(undeclared).toMatchObject({ code: 4100, data: { scope: 'user:email' } })
})

it.each([null, 'code', [], {}, { code: 42 }, { code: 'short' }, { code: 'c'.repeat(513) }])(
  'a malformed reply %j is a -32603',
  async (reply) => {
    const h = await setup((_m, params) =>
      reply && typeof reply === 'object' && !Array.isArray(reply)
        ? { ...reply, state: (params as { state: string }).state }
        : reply,
    )
    await expect(h.auth.authorize({ scope: 'user:basic' })).rejects.toMatchObject({ code: -32603 })
  },
)

it('outside a host: 4900 at once, saying login needs the wallet; nothing posted', async () => {
  vi.resetModules()
  const auth = await import('./index.js')
  const error = await auth.authorize({ scope: 'user:basic' }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(auth.DisconnectedError)
  expect(error).toMatchObject({ code: 4900 })
  expect((error as Error).message).toMatch(/wallet/)
})
