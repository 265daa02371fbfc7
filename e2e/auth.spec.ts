// Auth end to end in Chromium against the real sandbox: the demo wallet (runtime host + LocalKeySigner)
// asks the user on the real consent sheets, signs the EIP-4361 messages, and the platform issues codes
// and tokens; back ends redeem them with @chainless/node-sdk and with openid-client 6 used unchanged.
import { createAuthClient } from '@chainless/node-sdk'
import * as oidc from 'openid-client'
import {
  type Authorization,
  accessTokenIn,
  appKeyOf,
  authEvents,
  authorizeIn,
  continueSheet,
  dumpIndexedDb,
  forgeAuthorizeStates,
  forgedStates,
  logoutIn,
  type PlatformClock,
  startClockedAuthSandbox,
  tokenRequest,
} from './support/auth-page.js'
import { approve, expectNoSheet, openApp, openWallet, reject } from './support/wallet-page.js'
import type { WalletSandbox } from './support/wallet-sandbox.js'
import { expect, test } from './support/wallet-test.js'

test.describe.configure({ timeout: 90_000 })

const APP = 'auth-app'
const redirectUri = (wallet: WalletSandbox) => `${wallet.origin(APP)}/`
const client = (wallet: WalletSandbox) =>
  createAuthClient({ issuer: wallet.sandbox.urls.api, clientId: APP, clientSecret: appKeyOf(wallet, APP) })

/** Opens the auth test app in the wallet and gets a code for `scope`, approving every sheet it opens. */
async function codeFor(
  page: import('@playwright/test').Page,
  wallet: WalletSandbox,
  scope: string[] = ['user:basic'],
  sheets = 1,
): Promise<Authorization> {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, APP)
  const pending = authorizeIn(frame, scope)
  for (let i = 0; i < sheets; i++) await approve(page)
  const outcome = await pending
  expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true })
  return (outcome as { result: Authorization }).result
}

test('web2-shop: log in, share the phone (second confirmation), disconnect → authRevoked, back end inactive', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, 'web2-shop')
  await frame.click('#login')
  const consent = await approve(page)
  expect(consent).toMatch(/Web2 shop/i)
  const account = wallet.sandbox.chain.accounts[0]!.address
  // The shop's error line (e.g. `invalid_grant: …`) shows instead of the address when it fails.
  const shown = async () =>
    (await frame.locator('#error').textContent()) || (await frame.locator('#address').textContent())
  await expect.poll(shown).toMatch(new RegExp(`^${account}$`, 'i'))
  await expect(frame.locator('#phone')).toHaveText('—')

  await frame.click('#share-phone')
  // Only the phone is asked (user:basic is granted); the sheet goes on to a second confirmation of it
  // before anything is signed.
  expect(await continueSheet(page)).toMatch(/phone/i)
  await approve(page)
  await expect
    .poll(
      async () =>
        (await frame.locator('#error').textContent()) || (await frame.locator('#phone').textContent()),
    )
    .toMatch(/^\+1555\d+$/)
  await expect(frame.locator('#status')).toHaveAttribute('data-state', 'logged-in')

  // Disconnect in the wallet's Connected apps: the app is told, the back end's token is dead.
  await page.click('#connections li[data-app-id="web2-shop"] button')
  await expect(frame.locator('#status')).toHaveAttribute('data-state', 'revoked')
  await expect(frame.locator('#session')).toHaveText('inactive')
})

test('reject on the consent sheet → 4001; an undeclared scope (user:email) → 4100 with no sheet', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, APP)
  const rejected = authorizeIn(frame, ['user:basic'])
  await reject(page)
  expect(await rejected).toMatchObject({ ok: false, code: 4001 })

  expect(await authorizeIn(frame, ['user:basic', 'user:email'])).toMatchObject({ ok: false, code: 4100 })
  await expectNoSheet(page)
})

test('a code redeems once: reuse → invalid_grant and the tokens it gave are revoked', async ({
  page,
  wallet,
}) => {
  const { code, codeVerifier } = await codeFor(page, wallet)
  const auth = client(wallet)
  const tokens = await auth.exchangeCode({ code, codeVerifier, redirectUri: redirectUri(wallet) })
  expect((await auth.getUserInfo(tokens.accessToken)).address.toLowerCase()).toBe(
    wallet.sandbox.chain.accounts[0]!.address.toLowerCase(),
  )
  await expect(
    auth.exchangeCode({ code, codeVerifier, redirectUri: redirectUri(wallet) }),
  ).rejects.toMatchObject({ error: 'invalid_grant' })
  // RFC 6749 §4.1.2: a second use of a code revokes what the first one issued.
  expect((await auth.introspect(tokens.accessToken)).active).toBe(false)
  await expect(auth.refresh(tokens.refreshToken!)).rejects.toMatchObject({ error: 'invalid_grant' })
})

test('PKCE: a wrong verifier → invalid_grant (the code is spent), a missing one → invalid_request', async ({
  page,
  wallet,
}) => {
  const first = await codeFor(page, wallet)
  const secret = appKeyOf(wallet, APP)
  const base = {
    grant_type: 'authorization_code',
    redirect_uri: redirectUri(wallet),
    client_id: APP,
    client_secret: secret,
  }
  const missing = await tokenRequest(wallet, { ...base, code: first.code })
  expect(missing.status).toBe(400)
  expect(missing.body.error).toBe('invalid_request')

  // The wallet keeps the grant (IndexedDB) across its reload: no consent sheet the second time.
  const second = await codeFor(page, wallet, ['user:basic'], 0)
  const wrong = await tokenRequest(wallet, {
    ...base,
    code: second.code,
    code_verifier: `${second.codeVerifier.slice(0, -1)}${second.codeVerifier.endsWith('A') ? 'B' : 'A'}`,
  })
  expect(wrong.status).toBe(400)
  expect(wrong.body.error).toBe('invalid_grant')
  // A code tried with the wrong verifier is gone: the right one does not bring it back.
  const retried = await tokenRequest(wallet, {
    ...base,
    code: second.code,
    code_verifier: second.codeVerifier,
  })
  expect(retried.body.error).toBe('invalid_grant')
})

test('state mismatch: a host answering another state → StateMismatchError, the code never reaches the app', async ({
  page,
  wallet,
}) => {
  // The wallet page turns hostile: its authAuthorize replies go out with another state. Consent,
  // signature and the platform's code are real; the js-sdk in the app frame must refuse the answer.
  await forgeAuthorizeStates(page, new URL(wallet.walletUrl).origin)
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, APP)
  const pending = authorizeIn(frame, ['user:basic'])
  await approve(page)
  const outcome = await pending
  expect(await forgedStates(page)).toBe(1)
  expect(outcome).toMatchObject({ ok: false, name: 'StateMismatchError', reason: 'state_mismatch' })
  // No bridge code (it is the app's own check), no code or state leaked into the error.
  expect(outcome).not.toHaveProperty('code')
  expect(outcome).not.toHaveProperty('data')
  expect(JSON.stringify(outcome)).not.toMatch(/forged-/)
})

test('an expired code (60 s on the platform clock) → invalid_grant; at 59 s it still redeems', async ({
  page,
}) => {
  // A sandbox of its own whose platform clock the test moves: codes age without a 60 s wait.
  const clock: PlatformClock = { skewMs: 0 }
  const aged = await startClockedAuthSandbox(clock)
  try {
    const auth = client(aged)
    const fresh = await codeFor(page, aged)
    clock.skewMs += 59_000
    const tokens = await auth.exchangeCode({
      code: fresh.code,
      codeVerifier: fresh.codeVerifier,
      redirectUri: redirectUri(aged),
    })
    expect((await auth.introspect(tokens.accessToken)).active).toBe(true)

    // The grant is kept: no consent sheet for the second code.
    const frame = page.frames().find((f) => f.url().startsWith(aged.origin(APP)))!
    const outcome = await authorizeIn(frame, ['user:basic'])
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true })
    const late = (outcome as { result: Authorization }).result
    clock.skewMs += 60_001
    const error = await auth
      .exchangeCode({ code: late.code, codeVerifier: late.codeVerifier, redirectUri: redirectUri(aged) })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ error: 'invalid_grant' })
  } finally {
    await aged.close()
  }
})

test('refresh rotates; reusing a rotated refresh token revokes the whole family', async ({
  page,
  wallet,
}) => {
  const { code, codeVerifier } = await codeFor(page, wallet)
  const auth = client(wallet)
  const first = await auth.exchangeCode({ code, codeVerifier, redirectUri: redirectUri(wallet) })
  const second = await auth.refresh(first.refreshToken!)
  expect(second.refreshToken).not.toBe(first.refreshToken)
  expect((await auth.introspect(second.accessToken)).active).toBe(true)
  await expect(
    auth.verifyAccessToken(second.accessToken, { requiredScopes: ['user:basic'] }),
  ).resolves.toBeTruthy()

  // The rotated-out token comes back: an attacker holds a copy. The family dies.
  await expect(auth.refresh(first.refreshToken!)).rejects.toMatchObject({ error: 'invalid_grant' })
  await expect(auth.refresh(second.refreshToken!)).rejects.toMatchObject({ error: 'invalid_grant' })
  expect((await auth.introspect(second.accessToken)).active).toBe(false)
})

test('host-kept tokens: the wallet origin’s IndexedDB never holds the access token as plaintext', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, APP)
  const pending = accessTokenIn(frame, ['user:basic'])
  await approve(page)
  const outcome = await pending
  expect(outcome).toMatchObject({ ok: true })
  const token = (outcome as { result: string }).result
  expect(token.split('.')).toHaveLength(3)
  const dump = await dumpIndexedDb(page)
  expect(dump.databases.length).toBeGreaterThan(0)
  // Neither the whole JWT nor any of its parts (header, claims, signature) is readable at rest.
  for (const part of [token, ...token.split('.')]) expect(dump.text).not.toContain(part)
  expect(dump.text).not.toContain('[CryptoKey extractable=true]')
  // And the app's frame did not get its own copy in its storage either.
  const appDump = await dumpIndexedDb(frame).catch(() => ({ databases: [], text: '' }))
  expect(appDump.text).not.toContain(token)
})

test('openid-client 6 unchanged as a confidential client: discovery, code + PKCE, refresh, introspection', async ({
  page,
  wallet,
}) => {
  const { code, codeVerifier, state } = await codeFor(page, wallet)
  const config = await oidc.discovery(
    new URL(wallet.sandbox.urls.api),
    APP,
    appKeyOf(wallet, APP),
    oidc.ClientSecretBasic(appKeyOf(wallet, APP)),
    { algorithm: 'oauth2', execute: [oidc.allowInsecureRequests] },
  )
  expect(config.serverMetadata().code_challenge_methods_supported).toEqual(['S256'])
  // What the browser would land on: the redirect URI with the code and the state.
  const callback = new URL(redirectUri(wallet))
  callback.searchParams.set('code', code)
  callback.searchParams.set('state', state)
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
  })
  expect(tokens.token_type.toLowerCase()).toBe('bearer')
  expect(tokens.scope).toBe('user:basic')
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!)
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
  const live = await oidc.tokenIntrospection(config, refreshed.access_token)
  expect(live).toMatchObject({ active: true, client_id: APP, scope: 'user:basic' })
  await oidc.tokenRevocation(config, refreshed.refresh_token!)
  expect((await oidc.tokenIntrospection(config, refreshed.access_token)).active).toBe(false)
})

test('revoke in the wallet: the app hears authRevoked; the back end’s introspection says inactive', async ({
  page,
  wallet,
}) => {
  const { code, codeVerifier } = await codeFor(page, wallet)
  const auth = client(wallet)
  const tokens = await auth.exchangeCode({ code, codeVerifier, redirectUri: redirectUri(wallet) })
  expect((await auth.introspect(tokens.accessToken)).active).toBe(true)
  const frame = page.frames().find((f) => f.url().startsWith(wallet.origin(APP)))!
  await page.click(`#connections li[data-app-id="${APP}"] button`)
  await expect.poll(async () => (await authEvents(frame)).map((e) => e.event)).toContain('authRevoked')
  await expect.poll(async () => (await auth.introspect(tokens.accessToken)).active).toBe(false)
  await expect(auth.refresh(tokens.refreshToken!)).rejects.toMatchObject({ error: 'invalid_grant' })
})

test('logout() in the app: the wallet revokes its tokens at the platform (introspection inactive)', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, APP)
  const pending = accessTokenIn(frame, ['user:basic'])
  await approve(page)
  const settled = await pending
  expect(settled, JSON.stringify(settled)).toMatchObject({ ok: true })
  const token = (settled as { result: string }).result
  const auth = client(wallet)
  expect((await auth.introspect(token)).active).toBe(true)
  expect(await logoutIn(frame)).toMatchObject({ ok: true })
  await expect.poll(async () => (await auth.introspect(token)).active).toBe(false)
})

test('a flaky platform: wallet authorize and the code redemption fail twice (503, no effect) → the wallet retries, the app gets its token', async ({
  page,
  wallet,
}) => {
  await openWallet(page, wallet)
  const frame = await openApp(page, wallet, APP)
  // Each answers 503 `injected_failure` (Retry-After: 1) twice before acting: within the host's budget.
  wallet.sandbox.api.setKnobs({ walletAuthorize: { failNext: 2 }, token: { failNext: 2 } })
  try {
    const pending = accessTokenIn(frame, ['user:basic'])
    await approve(page)
    const outcome = await pending
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ ok: true })
    const knobs = wallet.sandbox.api.getKnobs()
    // Both failures of each were spent: the wallet did come back after each.
    expect(knobs.walletAuthorize?.failNext ?? 0).toBe(0)
    expect(knobs.token?.failNext ?? 0).toBe(0)
    const token = (outcome as { result: string }).result
    expect((await client(wallet).introspect(token)).active).toBe(true)
  } finally {
    wallet.sandbox.api.setKnobs({})
  }
})

test('a refresh whose answer is lost is not sent again (it rotated): -32002; the next call meets reuse detection and re-authorizes', async ({
  page,
}) => {
  // The browser's clock and the platform's move together: 11 minutes on, the 15-minute token is
  // inside its 5-minute refresh margin, and the wallet's sign-in messages still fall in the window.
  const clock: PlatformClock = { skewMs: 0 }
  const aged = await startClockedAuthSandbox(clock)
  try {
    await page.clock.install()
    await openWallet(page, aged)
    const frame = await openApp(page, aged, APP)
    const pending = accessTokenIn(frame, ['user:basic'])
    await approve(page)
    const first = await pending
    expect(first, JSON.stringify(first)).toMatchObject({ ok: true })

    await page.clock.fastForward('11:00')
    clock.skewMs += 11 * 60_000
    // The platform rotates the refresh token, then its answer is lost (503 after the effect).
    aged.sandbox.api.setKnobs({ token: { failAfterNext: 1 } })
    const lost = await accessTokenIn(frame)
    expect(lost, JSON.stringify(lost)).toMatchObject({ ok: false, code: -32002 })
    // One refresh went out, not two: a second would have been the reuse (and succeeded by re-authorizing).
    expect(aged.sandbox.api.getKnobs().token?.failAfterNext ?? 0).toBe(0)

    // The next call sends the (rotated-away) refresh token: the platform revokes the family
    // (invalid_grant), the wallet drops the tokens and authorizes again — no sheet, user:basic is granted.
    const again = await accessTokenIn(frame)
    expect(again, JSON.stringify(again)).toMatchObject({ ok: true })
    const fresh = (again as { result: string }).result
    expect(fresh).not.toBe((first as { result: string }).result)
    const auth = client(aged)
    expect((await auth.introspect(fresh)).active).toBe(true)
    // The first access token belonged to the revoked family.
    expect((await auth.introspect((first as { result: string }).result)).active).toBe(false)
  } finally {
    await aged.close()
  }
})
