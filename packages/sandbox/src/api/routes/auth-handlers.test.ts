import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Wallet } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consumeCode } from '../../store/auth-codes.js'
import { createApp, openStore, type Store } from '../../store/index.js'
import { type PlatformApi, startPlatformApi } from '../server.js'

const WALLET = 'http://localhost:8081'
const CHAIN = 49569
const user = Wallet.createRandom()
let dir: string
let store: Store
let api: PlatformApi
let appId: string
const APP_ORIGIN = 'http://shop.localhost:8090'
const REDIRECT = `${APP_ORIGIN}/`
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-auth-'))
  store = openStore({ dataDir: dir, seed: false })
  appId = createApp(store, { name: 'Shop', origin: APP_ORIGIN, scopes: ['user:basic', 'user:phone'] }).appId
  api = await startPlatformApi({ store, port: 0, walletOrigin: WALLET, rateLimit: false, onError: () => {} })
})
afterAll(async () => {
  await api.close()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const post = async (path: string, body: unknown, token?: string) => {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}
const nonce = async () =>
  ((await (await fetch(`${api.url}/api/v1/wallet/nonce`)).json()) as { nonce: string }).nonce

function siwe(o: {
  domain: string
  uri: string
  nonce: string
  chainId?: number
  issuedAt?: Date
  resources?: string[]
  extra?: string[]
}) {
  return [
    `${o.domain} wants you to sign in with your Ethereum account:`,
    user.address,
    '',
    'Sign in with Chainless',
    '',
    `URI: ${o.uri}`,
    'Version: 1',
    `Chain ID: ${o.chainId ?? CHAIN}`,
    `Nonce: ${o.nonce}`,
    `Issued At: ${(o.issuedAt ?? new Date()).toISOString()}`,
    ...(o.extra ?? []),
    ...(o.resources ? ['Resources:', ...o.resources.map((r) => `- ${r}`)] : []),
  ].join('\n')
}
const openSession = async (
  over: Partial<Parameters<typeof siwe>[0]> = {},
  signer: Wallet | ReturnType<typeof Wallet.createRandom> = user,
) => {
  const message = siwe({ domain: 'localhost:8081', uri: WALLET, nonce: await nonce(), ...over })
  return post('/api/v1/wallet/session', { message, signature: await signer.signMessage(message) })
}

describe('wallet session', () => {
  it('nonce → SIWE → an opaque 1 h bearer', async () => {
    const n = await nonce()
    expect(n).toMatch(/^[A-Za-z0-9]{16,}$/)
    const { status, json } = await openSession()
    expect([status, json.detail]).toEqual([200, undefined])
    expect(json.address).toBe(user.address)
    expect(typeof json.token).toBe('string')
    expect(json.expiresAt).toBeGreaterThan(Date.now() + 59 * 60_000)
  })

  it.each([
    ['wrong domain', { domain: 'evil.localhost:8081' }],
    ['wrong uri', { uri: 'http://evil.localhost:8081' }],
    ['wrong chain', { chainId: 1 }],
    ['stale issued-at', { issuedAt: new Date(Date.now() - 10 * 60_000) }],
    ['expired', { extra: [`Expiration Time: ${new Date(Date.now() - 1000).toISOString()}`] }],
    ['not yet valid', { extra: [`Not Before: ${new Date(Date.now() + 60_000).toISOString()}`] }],
    ['nonce not ours', { nonce: 'abcdefgh12345678' }],
  ])('refuses %s with 401 invalid_siwe', async (_, over) => {
    const { status, json } = await openSession(over)
    expect(status).toBe(401)
    expect(json.code).toBe('invalid_siwe')
  })

  it('refuses a forged signature, a malformed message and a replayed nonce', async () => {
    expect((await openSession({}, Wallet.createRandom())).json.code).toBe('invalid_siwe')
    const bad = await post('/api/v1/wallet/session', { message: 'hello', signature: '0x00' })
    expect([bad.status, bad.json.code]).toEqual([401, 'invalid_siwe'])
    const message = siwe({ domain: 'localhost:8081', uri: WALLET, nonce: await nonce() })
    const signature = await user.signMessage(message)
    expect((await post('/api/v1/wallet/session', { message, signature })).status).toBe(200)
    expect((await post('/api/v1/wallet/session', { message, signature })).json.detail).toMatch(/^nonce/)
  })
})

describe('wallet authorize', () => {
  let token: string
  beforeAll(async () => {
    token = (await openSession()).json.token as string
  })
  const authorize = async (
    { token: bearer, ...over }: Record<string, unknown> = {},
    msg: Partial<Parameters<typeof siwe>[0]> = {},
  ) => {
    const scope = (over.scope as string | undefined) ?? 'user:basic user:phone'
    const message = siwe({
      domain: 'shop.localhost:8090',
      uri: REDIRECT,
      nonce: await nonce(),
      resources: scope.split(' ').map((s) => `urn:chainless:scope:${s}`),
      ...msg,
    })
    return post(
      '/oauth/wallet/authorize',
      {
        clientId: appId,
        scope,
        codeChallenge: CHALLENGE,
        codeChallengeMethod: 'S256',
        redirectUri: REDIRECT,
        message,
        signature: await user.signMessage(message),
        ...over,
      },
      (bearer as string | undefined) ?? token,
    )
  }

  it('issues a 60 s single-use code bound to client, account, scopes, challenge and redirect URI', async () => {
    const { status, json } = await authorize()
    expect(status).toBe(200)
    expect(json.expiresIn).toBe(60)
    const bound = consumeCode(store, json.code as string)
    expect(bound).toMatchObject({
      clientId: appId,
      account: user.address,
      scopes: ['user:basic', 'user:phone'],
      codeChallenge: CHALLENGE,
      redirectUri: REDIRECT,
    })
    expect(consumeCode(store, json.code as string)).toBeUndefined()
  })

  it('refuses without a session, undeclared scope, wrong redirect URI, plain PKCE', async () => {
    const none = await authorize({ token: 'nope' })
    expect([none.status, none.json.error]).toEqual([401, 'invalid_token'])
    expect((await authorize({ scope: 'user:basic user:email' })).json.error).toBe('invalid_scope')
    expect((await authorize({ redirectUri: `${APP_ORIGIN}/evil` })).json.error).toBe('invalid_request')
    const plain = await authorize({ codeChallengeMethod: 'plain' })
    expect(plain.status).toBe(400)
  })

  it('refuses a SIWE for another app, other scopes, another account as invalid_grant', async () => {
    for (const msg of [
      { domain: 'evil.localhost:8090' },
      { uri: `${APP_ORIGIN}/other` },
      { resources: ['urn:chainless:scope:user:basic'] },
      { chainId: 1 },
    ]) {
      const r = await authorize({}, msg)
      expect([r.status, r.json.error]).toEqual([400, 'invalid_grant'])
    }
  })

  it('revokes a grant with the wallet session: 204; without one: 401', async () => {
    const res = await fetch(`${api.url}/api/v1/wallet/grants/${appId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(204)
    const anon = await fetch(`${api.url}/api/v1/wallet/grants/${appId}`, { method: 'DELETE' })
    expect(anon.status).toBe(401)
  })
})
