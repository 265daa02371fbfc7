// Issue 7 item 4: one app's flood must not slow the others. App A floods the host (100 000 calls over
// its port, then 20 000 hellos on window.parent); app B pings all along; every ping stays under 1 s.
import { expect, type Frame, type Page } from '@playwright/test'
import { type Sites, test } from './support/sites-test.js'

const CALLS = 100_000
const HELLOS = 20_000

interface Wallet {
  page: Page
  /** App A: a hand-made client (the `/hostile` page), so it can send what the js-sdk never would. */
  flooder: Frame
  /** App B: the js-sdk, pinging. */
  other: Frame
  pageErrors: string[]
}

/** One wallet page mounting two apps; B is ready and pinging in a loop until `stopPinging`. */
async function openWallet(page: Page, sites: Sites): Promise<Wallet> {
  const pageErrors: string[] = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  await page.goto(sites.hostUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  await page.evaluate(
    ({ a, b }) => {
      const w = window as unknown as Record<string, unknown>
      const errors: unknown[] = []
      const host = window.runtimeHost.createRuntimeHost({
        allowUnverifiedManifests: true,
        onError: (error: unknown) => errors.push(String(error)),
      } as never)
      const appA = host.mount(a as never, document.getElementById('apps')!)
      appA.on('close', ({ reason }: { reason: string }) => {
        w.aClosed = reason
      })
      w.a = appA
      w.b = host.mount(b as never, document.getElementById('apps')!)
      w.hostErrors = errors
    },
    { a: sites.manifest('app', '/hostile'), b: sites.manifest('app2') },
  )
  const find = (name: string) =>
    page.frames().find((f) => f.url().startsWith(sites.origin(`${name}.localhost`)))
  await expect.poll(() => find('app') && find('app2')).toBeTruthy()
  const flooder = find('app')!
  const other = find('app2')!
  await flooder.waitForFunction(() => 'hostile' in window)
  await other.waitForFunction(() => 'sdk' in window)
  await other.evaluate(() => window.sdk.ready())
  await other.evaluate(() => {
    const w = window as unknown as { pings: number[]; pinging: boolean }
    w.pings = []
    w.pinging = true
    void (async () => {
      while (w.pinging) {
        const started = performance.now()
        try {
          await window.sdk.call('ping', undefined)
          w.pings.push(performance.now() - started)
        } catch {
          w.pings.push(Number.POSITIVE_INFINITY)
        }
        await new Promise((r) => setTimeout(r, 20))
      }
    })()
  })
  return { page, flooder, other, pageErrors }
}

/** Stops B's loop; returns its ping count and the slowest ping (ms). */
async function stopPinging(other: Frame): Promise<{ count: number; max: number }> {
  return other.evaluate(() => {
    const w = window as unknown as { pings: number[]; pinging: boolean }
    w.pinging = false
    return { count: w.pings.length, max: Math.max(...w.pings) }
  })
}

/** The wallet's main thread answers a timer promptly (it is not busy answering a flood). */
async function walletLag(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const started = performance.now()
        setTimeout(() => resolve(performance.now() - started), 0)
      }),
  )
}

test(`${CALLS} calls from one app: one 4290 per refill window, the rest dropped, the app cut off; another app's pings stay under 1 s`, async ({
  page,
  sites,
}) => {
  test.setTimeout(120_000)
  const { flooder, other, pageErrors } = await openWallet(page, sites)
  const flood = await flooder.evaluate(async (calls) => {
    const port = await new Promise<MessagePort>((resolve) => {
      addEventListener('message', (event) => {
        if (event.ports[0]) resolve(event.ports[0])
      })
      parent.postMessage({ type: 'chainless:hello', protocol: '1.0', sdkVersion: 'flood' }, '*')
    })
    const stats = { answered: 0, ok: 0, limited: 0, disconnect: '' }
    port.onmessage = (event) => {
      const data = event.data as { type?: string; reason?: string; value?: { value?: { code?: number } } }
      if (data?.type === 'chainless:disconnect') stats.disconnect = data.reason ?? ''
      else {
        stats.answered++
        if (data?.type === 'RAW') stats.ok++
        if (data?.value?.value?.code === 4290) stats.limited++
      }
    }
    const started = performance.now()
    for (let i = 0; i < calls; i++)
      port.postMessage({ id: `f${i}`, type: 'APPLY', path: ['ping'], argumentList: [] })
    const postMs = performance.now() - started
    // Give the host time to go through the whole flood.
    await new Promise((r) => setTimeout(r, 2000))
    return { ...stats, postMs }
  }, CALLS)
  await new Promise((r) => setTimeout(r, 500))
  const pings = await stopPinging(other)
  expect(pings.count).toBeGreaterThan(10)
  expect(pings.max).toBeLessThan(1000)
  // The burst is served; afterwards far fewer answers than calls (one 4290 per refill window).
  expect(flood.ok).toBeGreaterThanOrEqual(200)
  expect(flood.limited).toBeGreaterThan(0)
  expect(flood.answered).toBeLessThan(2000)
  expect(flood.disconnect).toBe('rate-limited')
  expect(await walletLag(page)).toBeLessThan(200)
  expect(await other.evaluate(() => window.sdk.call('ping', undefined))).toMatchObject({
    time: expect.any(Number),
  })
  expect(pageErrors).toEqual([])
  expect(await page.evaluate(() => (window as unknown as { hostErrors: unknown[] }).hostErrors)).toEqual([])
})

/**
 * App A says hello `hellos` times in a tight loop. The welcomes it gets are counted from its console
 * (the host closes a flooder, so its frame may be gone before it could be asked); resolves after 2 s.
 */
async function helloFlood(page: Page, flooder: Frame, hellos: number): Promise<number> {
  let welcomes = 0
  const count = (message: { text(): string }) => {
    if (message.text() === 'flood:welcome') welcomes++
  }
  page.on('console', count)
  await flooder.evaluate((hellos) => {
    addEventListener('message', (event) => {
      if ((event.data as { type?: string })?.type === 'chainless:welcome') console.log('flood:welcome')
    })
    for (let i = 0; i < hellos; i++) {
      parent.postMessage({ type: 'chainless:hello', protocol: '1.0', sdkVersion: 'flood' }, '*')
    }
  }, hellos)
  await page.waitForTimeout(2000)
  page.off('console', count)
  return welcomes
}

/** How app A was closed, if it was. */
const closeReason = (page: Page) => page.evaluate(() => (window as unknown as { aClosed?: string }).aClosed)

test(`${HELLOS} hellos on window.parent build no channels past the handshake limit, and the wallet recovers`, async ({
  page,
  sites,
}) => {
  test.setTimeout(120_000)
  const { flooder, other, pageErrors } = await openWallet(page, sites)
  const welcomes = await helloFlood(page, flooder, HELLOS)
  await stopPinging(other)
  // Burst of 5, then 1 per second: a handful of channels at most, not 20 000 (the flooder is usually
  // gone before it reads them); then the flooder is closed.
  expect(welcomes).toBeLessThanOrEqual(10)
  expect(await closeReason(page)).toBe('rate-limited')
  await expect.poll(() => walletLag(page)).toBeLessThan(200)
  expect(await other.evaluate(() => window.sdk.call('ping', undefined))).toMatchObject({
    time: expect.any(Number),
  })
  expect(pageErrors).toEqual([])
  expect(await page.evaluate(() => (window as unknown as { hostErrors: unknown[] }).hostErrors)).toEqual([])
})

// Fixme: the host drops excess hellos (the test above), but Chromium itself needs seconds to deliver
// 20 000 cross-process window messages to the wallet: measured on the 2-core CI machine (load ≈ 17),
// the wallet's main thread was busy 5–7 s and B's slowest ping took 2.1–4.3 s even with a capturing
// listener that stopped every hello before the host saw it. B's port messages queue behind them in the
// wallet's posted-message task queue. Re-enable when measured on a quiet machine, or once the wallet
// side can shed window messages earlier than a `message` listener.
test(`${HELLOS} hellos on window.parent: another app's pings stay under 1 s`, async ({ page, sites }) => {
  test.setTimeout(120_000)
  const { flooder, other, pageErrors } = await openWallet(page, sites)
  await helloFlood(page, flooder, HELLOS)
  const pings = await stopPinging(other)
  expect(pings.count).toBeGreaterThan(10)
  expect(pings.max).toBeLessThan(1000)
  expect(pageErrors).toEqual([])
})
