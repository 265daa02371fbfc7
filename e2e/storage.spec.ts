// App storage end to end in Chromium: the real runtime host (storage in the wallet page's IndexedDB
// through idb-keyval) and mini-programs on their own `*.localhost` origins (third-party frames) using
// `@chainless/js-sdk/storage`. Pages bundle the BUILT packages.
import { test as base, type Frame, type Page } from '@playwright/test'
import { bundle } from './support/bundle.js'
import { frameOf } from './support/chromium.js'
import { startSites } from './support/static-server.js'

type Sites = Awaited<ReturnType<typeof startSites>>
const APPS = ['shop', 'game'] as const

const html = (script: string, body = '') => ({
  type: 'text/html; charset=utf-8',
  body: `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}<script type="module" src="${script}"></script></body></html>`,
})
const js = (body: string) => ({ type: 'text/javascript; charset=utf-8', body })

const test = base.extend<object, { sites: Sites }>({
  sites: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixture signature
    async ({}, use) => {
      const [walletJs, appJs] = await Promise.all([
        bundle(new URL('./pages/storage-wallet.ts', import.meta.url)),
        bundle(new URL('./pages/storage-app.ts', import.meta.url)),
      ])
      const app = { '/': html('/app.js'), '/app.js': js(appJs) }
      const sites = await startSites({
        localhost: { '/': html('/wallet.js', '<div id="apps"></div>'), '/wallet.js': js(walletJs) },
        'shop.localhost': app,
        'game.localhost': app,
      })
      await use(sites)
      await sites.close()
    },
    { scope: 'worker' },
  ],
})
const { expect } = test

type Api = Record<string, (...args: unknown[]) => Promise<unknown>>
type Outcome = {
  ok: boolean
  result?: unknown
  name?: string
  code?: number
  data?: unknown
  quotaError?: boolean
}

async function openWallet(page: Page, sites: Sites, quota?: number): Promise<void> {
  await page.goto(`${sites.origin('localhost')}/${quota ? `?quota=${quota}` : ''}`)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
}

async function mount(page: Page, sites: Sites, appId: (typeof APPS)[number]): Promise<Frame> {
  const origin = sites.origin(`${appId}.localhost`)
  await page.evaluate(([id, o]) => window.storageWallet.mount(id!, o!), [appId, origin])
  const frame = await frameOf(page, origin)
  await frame.waitForFunction(() => document.documentElement.dataset.ready === 'true', undefined, {
    timeout: 15_000,
  })
  return frame
}

/** Calls `window.storageApp[method](...args)` in the app's frame. */
const app = (frame: Frame, method: string, ...args: unknown[]): Promise<Outcome> =>
  frame.evaluate(
    ([m, a]) =>
      (window as unknown as { storageApp: Api }).storageApp[m as string]!(
        ...(a as unknown[]),
      ) as Promise<Outcome>,
    [method, args] as const,
  )
const ok = (result: unknown) => ({ ok: true, result })
/** What set / remove / delete / clear resolve with (`undefined`, marked by the page). */
const done = ok('(undefined)')

test('an app sets / gets / lists / removes / clears; values survive an app reload and a wallet reload', async ({
  page,
  sites,
}) => {
  await openWallet(page, sites)
  let shop = await mount(page, sites, 'shop')
  expect(await page.evaluate(() => window.storageWallet.capabilities)).toEqual(
    expect.arrayContaining(['storageGet', 'storageSet', 'storageRemove', 'storageKeys', 'storageClear']),
  )
  const odd = ['__proto__', 'constructor', 'k'.repeat(512), 'é✓𝄞', 'draft:1', 'draft:2']
  for (const [i, key] of odd.entries())
    expect(await app(shop, 'set', key, { i, key, nested: [null, true, 1.5] })).toEqual(done)
  expect(await app(shop, 'get', '__proto__')).toEqual(
    ok({ i: 0, key: '__proto__', nested: [null, true, 1.5] }),
  )
  expect(await app(shop, 'get', 'absent')).toEqual(ok('(undefined)'))
  expect(await app(shop, 'keys')).toEqual(ok([...odd].sort()))
  expect(await app(shop, 'keys', 'draft:')).toEqual(ok(['draft:1', 'draft:2']))
  expect(await app(shop, 'remove', 'draft:1')).toEqual(done)
  expect(await app(shop, 'delete', 'draft:2')).toEqual(done)
  expect(await app(shop, 'keys', 'draft:')).toEqual(ok([]))
  // Bad input is typed (-32602) and writes nothing.
  expect(await app(shop, 'set', '', 1)).toMatchObject({ ok: false, code: -32602 })
  expect(await app(shop, 'set', 'k'.repeat(513), 1)).toMatchObject({ ok: false, code: -32602 })

  // App reload: the frame goes away, a new document of the app reads the same data.
  await page.evaluate(() => window.storageWallet.closeAll())
  shop = await mount(page, sites, 'shop')
  expect(await app(shop, 'get', 'é✓𝄞')).toEqual(ok({ i: 3, key: 'é✓𝄞', nested: [null, true, 1.5] }))
  // Wallet reload: the host's IndexedDB keeps it.
  await openWallet(page, sites)
  shop = await mount(page, sites, 'shop')
  expect(await app(shop, 'keys')).toEqual(ok(['__proto__', 'constructor', 'k'.repeat(512), 'é✓𝄞'].sort()))
  expect(await app(shop, 'clear')).toEqual(done)
  expect(await app(shop, 'keys')).toEqual(ok([]))
})

test('over the quota: the app gets QuotaExceededError (-32005) with the numbers, nothing is written', async ({
  page,
  sites,
}) => {
  await openWallet(page, sites, 1000)
  const shop = await mount(page, sites, 'shop')
  await app(shop, 'clear')
  expect(await app(shop, 'set', 'a', 'x'.repeat(600))).toEqual(done) // 1 + 602 bytes
  const over = await app(shop, 'set', 'b', 'y'.repeat(600))
  expect(over).toMatchObject({
    ok: false,
    name: 'QuotaExceededError',
    quotaError: true,
    code: -32005,
    data: { quotaBytes: 1000, usedBytes: 603, neededBytes: 1206 },
  })
  expect(await app(shop, 'get', 'b')).toEqual(ok('(undefined)'))
  expect(await app(shop, 'keys')).toEqual(ok(['a']))
  // Replacing within the quota works; the wallet sees the same usage.
  expect(await app(shop, 'set', 'a', 'z')).toEqual(done)
  expect(await page.evaluate(() => window.storageWallet.list('shop'))).toEqual({
    entries: [{ key: 'a', value: 'z' }],
    usedBytes: 4,
    quotaBytes: 1000,
  })
  // Concurrent writes cannot overshoot: 10 × 200 bytes (key + JSON) in parallel, at most 4 more fit.
  const results = await shop.evaluate(() =>
    Promise.all(Array.from({ length: 10 }, (_, i) => window.storageApp.set(`p${i}`, 'w'.repeat(196)))),
  )
  expect(results.filter((r) => r.ok)).toHaveLength(4)
  const listing = await page.evaluate(() => window.storageWallet.list('shop'))
  expect(listing.usedBytes).toBeLessThanOrEqual(1000)
  await app(shop, 'clear')
})

test('two apps cannot see each other’s keys; the wallet lists and clears one app', async ({
  page,
  sites,
}) => {
  await openWallet(page, sites)
  const shop = await mount(page, sites, 'shop')
  const game = await mount(page, sites, 'game')
  await app(shop, 'clear')
  await app(game, 'clear')
  expect(await app(shop, 'set', 'secret', 'shop-only')).toEqual(done)
  expect(await app(game, 'set', 'score', 42)).toEqual(done)
  expect(await app(game, 'get', 'secret')).toEqual(ok('(undefined)'))
  expect(await app(game, 'keys')).toEqual(ok(['score']))
  expect(await app(game, 'clear')).toEqual(done)
  expect(await app(shop, 'get', 'secret')).toEqual(ok('shop-only'))

  expect(await page.evaluate(() => window.storageWallet.list('shop'))).toMatchObject({
    entries: [{ key: 'secret', value: 'shop-only' }],
  })
  await page.evaluate(() => window.storageWallet.clear('shop'))
  expect(await app(shop, 'keys')).toEqual(ok([]))
  expect(await app(shop, 'get', 'secret')).toEqual(ok('(undefined)'))
  expect((await page.evaluate(() => window.storageWallet.list('shop'))).usedBytes).toBe(0)
})
