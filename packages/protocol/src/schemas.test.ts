import * as v from 'valibot'
import { expect, it } from 'vitest'
import { appContextSchema, helloSchema, manifestSchema, methodSchemas } from './schemas.js'

const manifest = {
  appId: 'shop',
  name: 'Shop',
  version: '1.0.0',
  origin: 'https://shop.example',
  entryUrl: 'https://shop.example/app',
  scopes: ['user:basic'],
}

it('accepts a manifest and refuses an entry off its origin or a non-origin origin', () => {
  expect(v.safeParse(manifestSchema, manifest).success).toBe(true)
  expect(v.safeParse(manifestSchema, { ...manifest, entryUrl: 'https://evil.example/' }).success).toBe(false)
  expect(v.safeParse(manifestSchema, { ...manifest, origin: 'https://shop.example/path' }).success).toBe(
    false,
  )
})

it('refuses script and data URLs wherever a manifest carries a URL', () => {
  for (const bad of [
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'JAVASCRIPT://x%0aalert(1)',
  ]) {
    for (const patch of [
      { icon: bad },
      { sourceUrl: bad },
      { developer: { name: 'd', url: bad } },
      { audit: { auditor: 'a', url: bad } },
    ]) {
      expect(v.safeParse(manifestSchema, { ...manifest, ...patch }).success, JSON.stringify(patch)).toBe(
        false,
      )
    }
  }
  expect(v.safeParse(manifestSchema, { ...manifest, icon: 'https://cdn.example/i.png' }).success).toBe(true)
})

it('bounds the context the host sends: strings only, a few launch params', () => {
  const context = {
    app: { appId: 'shop', name: 'Shop', version: '1', origin: 'https://shop.example' },
    host: { name: 'W', version: '1', platform: 'web' },
    locale: 'en',
    theme: 'light',
    safeAreaInsets: { top: 0, right: 0, bottom: 0, left: 0 },
    launchParams: { ref: 'x' },
  }
  expect(v.safeParse(appContextSchema, context).success).toBe(true)
  const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']))
  for (const launchParams of [{ n: 1 }, { f: () => 1 }, { big: 'x'.repeat(4097) }, many]) {
    expect(v.safeParse(appContextSchema, { ...context, launchParams }).success).toBe(false)
  }
})

it('refuses an array wherever an object or no params is expected; null and absent mean no params', () => {
  for (const name of ['ready', 'getContext', 'ping', 'close', 'setBackButton'] as const) {
    const params = methodSchemas[name].params
    expect(v.safeParse(params, []).success, `${name} []`).toBe(false)
    expect(v.safeParse(params, Object.assign([], { visible: true })).success, `${name} [] + key`).toBe(false)
    expect(v.safeParse(params, new Date(0)).success, `${name} Date`).toBe(false)
    expect(v.safeParse(params, new Map()).success, `${name} Map`).toBe(false)
  }
  for (const name of ['ready', 'getContext', 'ping', 'close'] as const) {
    expect(v.safeParse(methodSchemas[name].params, undefined)).toMatchObject({
      success: true,
      output: undefined,
    })
    expect(v.safeParse(methodSchemas[name].params, null)).toMatchObject({ success: true, output: undefined })
  }
  expect(v.safeParse(methodSchemas.close.params, { reason: 'done' }).output).toEqual({ reason: 'done' })
  expect(v.safeParse(methodSchemas.setBackButton.params, { visible: true }).success).toBe(true)
  expect(
    v.safeParse(helloSchema, Object.assign([], { type: 'chainless:hello', protocol: '1.0', sdkVersion: '1' }))
      .success,
  ).toBe(false)
  expect(v.safeParse(manifestSchema, Object.assign([], manifest)).success).toBe(false)
})

it('refuses a sparse array 2^32 - 2 long at once, wherever a schema takes an array (no walk of its length)', () => {
  const sparse: unknown[] = []
  sparse[2 ** 32 - 2] = 'user:basic'
  const started = performance.now()
  const params = {
    scope: sparse,
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    state: 'state-0123456789abcdef',
  }
  const result = v.safeParse(methodSchemas.authAuthorize.params, params)
  expect(result.success).toBe(false)
  expect(result.issues?.[0]?.message).toMatch(/at most/)
  const wallet = v.safeParse(methodSchemas.walletRequest.params, {
    method: 'wallet_sendCalls',
    params: sparse,
  })
  expect(wallet.success).toBe(false)
  expect(wallet.issues?.[0]?.message).toBe('Expected an array of at most 16 items, or an object')
  expect(performance.now() - started).toBeLessThan(1000)
})
