import 'fake-indexeddb/auto'
import { CHAINLESS_DEV_CHAIN, type Manifest, type Scope } from '@chainless/protocol'
import { describe, expect, it } from 'vitest'
import type { AppHandle } from '../app-handle.js'
import { MemoryGrantStore } from '../grants.js'
import { WalletController } from '../wallet/controller.js'
import { ACCOUNT_A, ACCOUNT_B, FakeUi, fakeApp, walletManifest } from '../wallet/dispatch-testkit.js'
import { MemoryKeyValueStore } from '../wallet/kv-memory.js'
import { LocalKeySigner } from '../wallet/signers/local-key.js'
import { FakePlatform } from './fake-platform.js'
import { createHostAuth } from './host-auth.js'

const MNEMONIC = 'test test test test test test test test test test test junk'
const WALLET_ORIGIN = 'http://wallet.localhost:8080'
const API = 'http://api.localhost:8787'
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
const STATE = 'state-0123456789abcdef'

function world(options: { manifest?: Partial<Manifest>; expiresIn?: number } = {}) {
  let now = Date.parse('2026-03-01T10:00:00.000Z')
  const clock = { now: () => now, advance: (ms: number) => (now += ms) }
  const manifest = walletManifest({
    scopes: ['user:basic', 'user:phone', 'tx:sign'],
    ...options.manifest,
  })
  const platform = new FakePlatform({
    walletOrigin: WALLET_ORIGIN,
    chainId: CHAINLESS_DEV_CHAIN.chainId,
    apps: { demo: { origin: manifest.origin, redirectUri: manifest.entryUrl, scopes: manifest.scopes } },
    now: clock.now,
    ...(options.expiresIn ? { expiresIn: options.expiresIn } : {}),
  })
  const grants = new MemoryGrantStore()
  const store = new MemoryKeyValueStore()
  const app = fakeApp(manifest)
  const apps: AppHandle[] = [app]
  const signer = LocalKeySigner.fromMnemonic(MNEMONIC, { count: 2 })
  const signed: string[] = []
  const recording = {
    ...signer,
    getAddresses: () => signer.getAddresses(),
    signTypedData: signer.signTypedData.bind(signer),
    signTransaction: signer.signTransaction.bind(signer),
    signMessage: (request: Parameters<typeof signer.signMessage>[0]) => {
      signed.push(request.message)
      return signer.signMessage(request)
    },
  }
  let auth: ReturnType<typeof createHostAuth> | undefined
  const controller = new WalletController(
    { signer: recording, apiUrl: API, chains: [CHAINLESS_DEV_CHAIN], store, fetch: platform.fetch },
    {
      grants,
      isGranted: (appId, scope, account) => grants.list(appId, account).some((granted) => granted === scope),
      apps: () => apps,
      onDisconnect: async (appId, account) => auth?.disconnected(appId, account),
    },
  )
  const ui = new FakeUi()
  auth = createHostAuth({
    controller,
    grants,
    ui: async () => ui.adapter(),
    origin: WALLET_ORIGIN,
    apiUrl: API,
    fetch: platform.fetch,
    now: clock.now,
    // Retries without waiting: the backoff itself is platform.test.ts's.
    retry: { sleep: async () => undefined },
  })
  const signal = new AbortController().signal
  const authorize = (scope: readonly Scope[]) =>
    auth!.authorize(
      { scope, codeChallenge: CHALLENGE, codeChallengeMethod: 'S256', state: STATE },
      app,
      signal,
    )
  const getToken = (scope?: readonly Scope[]) =>
    auth!.getAccessToken(scope ? { scope } : undefined, app, signal)
  return { auth, app, platform, grants, store, controller, ui, signed, clock, authorize, getToken, signal }
}

describe('authAuthorize', () => {
  it('refuses an undeclared scope with 4100: no sheet, nothing signed, nothing posted', async () => {
    const w = world()
    await expect(w.authorize(['user:basic', 'user:email'])).rejects.toMatchObject({ code: 4100 })
    expect(w.ui.sheets).toEqual([])
    expect(w.signed).toEqual([])
    expect(w.platform.calls).toEqual([])
    expect((await w.controller.audit.list())[0]).toMatchObject({
      method: 'authAuthorize',
      decision: 'refused',
    })
  })

  it('keeps the connect rule: user:phone alone, not connected → 4100', async () => {
    const w = world()
    await expect(w.authorize(['user:phone'])).rejects.toMatchObject({ code: 4100 })
    expect(w.ui.sheets).toEqual([])
  })

  it('consent rejected → 4001, nothing granted, nothing signed', async () => {
    const w = world()
    w.ui.consentAnswer = 'reject'
    await expect(w.authorize(['user:basic'])).rejects.toMatchObject({ code: 4001 })
    expect(w.grants.list('demo', ACCOUNT_A)).toEqual([])
    expect(w.signed).toEqual([])
    expect((await w.controller.audit.list())[0]).toMatchObject({ decision: 'rejected', code: 4001 })
  })

  it('returns the platform code and echoes the state; incremental consent; grants per account', async () => {
    const w = world()
    const first = await w.authorize(['user:basic'])
    expect(first.state).toBe(STATE)
    expect(w.platform.codes.has(first.code)).toBe(true)
    expect(w.platform.codes.get(first.code)).toMatchObject({ account: ACCOUNT_A, scopes: ['user:basic'] })
    expect(w.grants.list('demo', ACCOUNT_A)).toEqual(['user:basic'])
    // A second authorize adding phone asks for phone only.
    const second = await w.authorize(['user:basic', 'user:phone'])
    expect(w.ui.sheets.map((s) => s.scopes)).toEqual([['user:basic'], ['user:phone']])
    expect(w.platform.codes.get(second.code)?.scopes).toEqual(['user:basic', 'user:phone'])
    // Granted scopes are not asked again.
    await w.authorize(['user:basic', 'user:phone'])
    expect(w.ui.sheets).toHaveLength(2)
    // One wallet session for all three (cached), three app messages.
    expect(w.platform.count('/api/v1/wallet/session')).toBe(1)
    const appMessage = w.platform.messages.at(-1)!
    expect(appMessage).toContain('demo.localhost:8090 wants you to sign in with your Ethereum account:')
    expect(appMessage).toContain('URI: http://demo.localhost:8090/')
    expect(appMessage).toContain('- urn:chainless:scope:user:phone')
    expect((await w.controller.audit.list())[0]).toMatchObject({
      method: 'authAuthorize',
      decision: 'approved',
      account: ACCOUNT_A,
    })
    expect(w.grants.list('demo', ACCOUNT_B)).toEqual([])
  })

  it('signs in again once when the platform forgot the session', async () => {
    const w = world()
    await w.authorize(['user:basic'])
    w.platform.sessions.clear()
    await w.authorize(['user:basic'])
    expect(w.platform.count('/api/v1/wallet/session')).toBe(2)
  })
})

describe('a failing or hostile platform', () => {
  it('down → PlatformUnavailableError (-32002) after the consent, nothing signed', async () => {
    const w = world()
    w.platform.intercept = () => new Response('oops', { status: 503 })
    await expect(w.authorize(['user:basic'])).rejects.toMatchObject({ code: -32002 })
    expect(w.signed).toEqual([])
    expect((await w.controller.audit.list())[0]).toMatchObject({ decision: 'failed', code: -32002 })
  })

  it('an OAuth error answer → AuthPlatformError with the OAuth code in data', async () => {
    const w = world()
    w.platform.intercept = (path) =>
      path === '/oauth/wallet/authorize'
        ? Response.json({ error: 'invalid_scope', error_description: 'no' }, { status: 400 })
        : undefined
    await expect(w.authorize(['user:basic'])).rejects.toMatchObject({
      name: 'AuthPlatformError',
      code: -32603,
      data: { error: 'invalid_scope', status: 400 },
    })
  })

  it('an answer without a code → -32603, no code handed to the app', async () => {
    const w = world()
    w.platform.intercept = (path) =>
      path === '/oauth/wallet/authorize' ? Response.json({ code: 1 }) : undefined
    await expect(w.authorize(['user:basic'])).rejects.toMatchObject({ code: -32603 })
  })

  it('a refresh that fails on the network keeps the tokens (only invalid_grant drops them)', async () => {
    const w = world()
    const first = await w.getToken(['user:basic'])
    w.clock.advance(899_000)
    w.platform.intercept = (path) => (path === '/oauth/token' ? new Response('', { status: 502 }) : undefined)
    await expect(w.getToken()).rejects.toMatchObject({ code: -32002 })
    w.platform.intercept = undefined
    const next = await w.getToken()
    expect(w.platform.count('/oauth/token', (b) => b.grant_type === 'authorization_code')).toBe(1)
    expect(next.accessToken).not.toBe(first.accessToken)
  })

  it('a code the platform refuses at redemption → 4100 with data.reason invalid_grant, at once', async () => {
    const w = world()
    w.platform.intercept = (path) =>
      path === '/oauth/token'
        ? Response.json({ error: 'invalid_grant', error_description: 'expired' }, { status: 400 })
        : undefined
    await expect(w.getToken(['user:basic'])).rejects.toMatchObject({
      code: 4100,
      data: { reason: 'invalid_grant', error: 'invalid_grant', status: 400 },
    })
    expect(w.platform.count('/oauth/token')).toBe(1)
  })

  it('a refresh answered 503 is not sent again (it may have rotated); a 429 is', async () => {
    const w = world()
    await w.getToken(['user:basic'])
    w.clock.advance(899_000)
    w.platform.intercept = (path) => (path === '/oauth/token' ? new Response('', { status: 503 }) : undefined)
    await expect(w.getToken()).rejects.toMatchObject({ code: -32002, data: { attempts: 1 } })
    expect(w.platform.count('/oauth/token', (b) => b.grant_type === 'refresh_token')).toBe(1)
    let limited = 2
    w.platform.intercept = (path) =>
      path === '/oauth/token' && limited-- > 0
        ? new Response('', { status: 429, headers: { 'retry-after': '1' } })
        : undefined
    await w.getToken()
    // 1 (503) + 2 (429, not processed) + 1 that worked.
    expect(w.platform.count('/oauth/token', (b) => b.grant_type === 'refresh_token')).toBe(4)
  })
})

describe('authGetAccessToken', () => {
  it('authorizes, exchanges the code with PKCE as the public client, keeps the tokens encrypted', async () => {
    const w = world()
    const token = await w.getToken(['user:basic'])
    expect(token.scope).toEqual(['user:basic'])
    expect(token.expiresAt).toBe(w.clock.now() + 900_000)
    const exchange = w.platform.calls.find((c) => c.path === '/oauth/token')!.body as Record<string, string>
    expect(exchange).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'demo',
      redirect_uri: 'http://demo.localhost:8090/',
    })
    expect(exchange.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
    // Cached: no new call.
    const before = w.platform.calls.length
    expect(await w.getToken()).toEqual(token)
    expect(w.platform.calls.length).toBe(before)
    // At rest: no token in clear anywhere in the store.
    let dump = ''
    for (const key of await w.store.keys()) {
      const value = await w.store.get<Record<string, unknown>>(key)
      dump += key + JSON.stringify(value)
      if (value && value.data instanceof ArrayBuffer) dump += Buffer.from(value.data).toString('latin1')
    }
    expect(dump).not.toContain(token.accessToken)
  })

  it('100 concurrent calls near expiry → exactly one refresh POST', async () => {
    const w = world()
    const first = await w.getToken(['user:basic'])
    w.clock.advance(900_000 - 4 * 60_000) // 4 min left
    const results = await Promise.all(Array.from({ length: 100 }, () => w.getToken()))
    expect(w.platform.count('/oauth/token', (b) => b.grant_type === 'refresh_token')).toBe(1)
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1)
    expect(results[0]!.accessToken).not.toBe(first.accessToken)
  })

  it('refresh: true (the platform refused the token) refreshes a fresh token once per 10 s, shared by concurrent callers', async () => {
    const w = world()
    const first = await w.getToken(['user:basic'])
    const refreshes = () => w.platform.count('/oauth/token', (b) => b.grant_type === 'refresh_token')
    // Just obtained: a looping app cannot make the wallet hammer the platform.
    const soon = await w.auth.getAccessToken({ refresh: true }, w.app, w.signal)
    expect(refreshes()).toBe(0)
    expect(soon.accessToken).toBe(first.accessToken)
    w.clock.advance(10_000)
    const forced = await Promise.all(
      Array.from({ length: 20 }, () => w.auth.getAccessToken({ refresh: true }, w.app, w.signal)),
    )
    expect(refreshes()).toBe(1)
    expect(new Set(forced.map((r) => r.accessToken)).size).toBe(1)
    expect(forced[0]!.accessToken).not.toBe(first.accessToken)
    // Without refresh the new token is served from the vault.
    expect((await w.getToken()).accessToken).toBe(forced[0]!.accessToken)
    expect(refreshes()).toBe(1)
  })

  it('a refused refresh (invalid_grant) drops the tokens and authorizes again', async () => {
    const w = world()
    await w.getToken(['user:basic'])
    for (const family of w.platform.refresh.values()) family.live = false
    w.clock.advance(899_000)
    const again = await w.getToken()
    expect(w.platform.count('/oauth/token', (b) => b.grant_type === 'authorization_code')).toBe(2)
    expect(again.expiresAt).toBe(w.clock.now() + 900_000)
  })

  it('never hands one account the tokens of another', async () => {
    const w = world()
    const a = await w.getToken(['user:basic'])
    await w.controller.setAccount(ACCOUNT_B)
    w.ui.consentAnswer = 'reject'
    await expect(w.getToken(['user:basic'])).rejects.toMatchObject({ code: 4001 })
    w.ui.consentAnswer = (asked) => asked
    const b = await w.getToken(['user:basic'])
    expect(b.accessToken).not.toBe(a.accessToken)
    expect(b.accessToken).toContain(ACCOUNT_B.slice(2, 8))
    await w.controller.setAccount(ACCOUNT_A)
    expect((await w.getToken()).accessToken).toBe(a.accessToken)
  })

  it('tokens carrying a scope the user revoked in the wallet are revoked, not handed out', async () => {
    const w = world()
    const token = await w.getToken(['user:basic', 'user:phone'])
    const refresh = [...w.platform.refresh.keys()][0]!
    w.grants.revoke('demo', ACCOUNT_A, ['user:phone'])
    const next = await w.getToken(['user:basic'])
    expect(next.accessToken).not.toBe(token.accessToken)
    expect(next.scope).toEqual(['user:basic'])
    expect(w.platform.revoked).toContain(refresh)
  })

  it('authLogout revokes the refresh and access tokens and forgets them', async () => {
    const w = world()
    const token = await w.getToken(['user:basic'])
    const refresh = [...w.platform.refresh.keys()][0]!
    expect(await w.auth.logout(w.app)).toBeNull()
    expect(w.platform.revoked).toEqual([refresh, token.accessToken])
    const next = await w.getToken(['user:basic'])
    expect(next.accessToken).not.toBe(token.accessToken)
  })
})

describe('disconnect', () => {
  it('revokes the grant at the platform with the session, forgets the tokens, tells the app', async () => {
    const w = world()
    const token = await w.getToken(['user:basic', 'user:phone'])
    await w.controller.disconnect('demo')
    const call = w.platform.calls.find((c) => c.method === 'DELETE')!
    expect(call.path).toBe('/api/v1/wallet/grants/demo')
    expect(w.platform.sessions.has(call.bearer!)).toBe(true)
    expect(w.app.events).toContainEqual({
      event: 'authRevoked',
      data: { scopes: ['user:basic', 'user:phone'] },
    })
    expect(w.grants.list('demo', ACCOUNT_A)).toEqual([])
    w.ui.consentAnswer = 'reject'
    await expect(w.getToken()).rejects.toMatchObject({ code: 4001 })
    expect(token.accessToken).toBeTruthy()
  })
})

describe('disconnect ordering', () => {
  it('tells the app authRevoked only once the platform has revoked the grant (a back end asked then sees it)', async () => {
    const w = world()
    await w.getToken(['user:basic'])
    const revokedAtPlatformWhenToldApp: boolean[] = []
    const send = w.app.send.bind(w.app)
    w.app.send = ((event: string, data: unknown) => {
      if (event === 'authRevoked')
        revokedAtPlatformWhenToldApp.push(w.platform.calls.some((c) => c.method === 'DELETE'))
      return send(event as never, data as never)
    }) as typeof w.app.send
    await w.controller.disconnect('demo')
    expect(revokedAtPlatformWhenToldApp).toEqual([true])
  })
})

describe('wallet session', () => {
  it('one caller going away does not abort the shared sign-in', async () => {
    const w = world()
    const gone = new AbortController()
    const first = w.auth.session.token(ACCOUNT_A, gone.signal)
    const second = w.auth.session.token(ACCOUNT_A)
    gone.abort(new Error('app closed'))
    await expect(first).rejects.toThrow('app closed')
    expect(await second).toMatch(/^ws/)
    expect(w.platform.count('/api/v1/wallet/session')).toBe(1)
  })

  it('is the TxTracker session token: one sign-in, renewed a minute before expiry', async () => {
    const w = world()
    const [t1, t2] = await Promise.all([w.auth.sessionToken(), w.auth.sessionToken()])
    expect(t1).toBe(t2)
    expect(w.platform.count('/api/v1/wallet/session')).toBe(1)
    const message = w.platform.messages[0]!
    expect(message.startsWith('wallet.localhost:8080 wants you to sign in')).toBe(true)
    expect(message).toContain(`URI: ${WALLET_ORIGIN}`)
    w.clock.advance(3_600_000 - 59_000)
    expect(await w.auth.sessionToken()).not.toBe(t1)
    expect(w.platform.count('/api/v1/wallet/session')).toBe(2)
  })
})
