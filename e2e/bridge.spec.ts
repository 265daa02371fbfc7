import { expect, type Frame, type Page } from '@playwright/test'
import { type Sites, test } from './support/sites-test.js'

/** Opens the wallet page and mounts `manifest`; returns the app's frame once its document loaded. */
async function mount(
  page: Page,
  sites: Sites,
  manifest: object,
  hostOptions: object = {},
  frameOrigin = (manifest as { origin: string }).origin,
): Promise<Frame> {
  await page.goto(sites.hostUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  await page.evaluate(
    ({ manifest, hostOptions }) => {
      const w = window as unknown as Record<string, unknown>
      const host = window.runtimeHost.createRuntimeHost({ allowUnverifiedManifests: true, ...hostOptions })
      const app = host.mount(manifest as never, document.getElementById('apps')!)
      const log: unknown[] = []
      for (const e of ['state', 'ready', 'close', 'backButton', 'error'] as const) {
        app.on(e, (data: unknown) => log.push({ e, data }))
      }
      w.host = host
      w.app = app
      w.log = log
    },
    { manifest, hostOptions },
  )
  await expect.poll(() => page.frames().find((f) => f.url().startsWith(frameOrigin))).toBeTruthy()
  const frame = page.frames().find((f) => f.url().startsWith(frameOrigin))!
  await frame.waitForLoadState('load')
  return frame
}

const hostLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { log: { e: string; data: unknown }[] }).log)
const appState = (page: Page) =>
  page.evaluate(() => (window as unknown as { app: { state: string } }).app.state)

test('handshake, context and a call across two origins', async ({ page, sites }) => {
  const frame = await mount(page, sites, sites.manifest('app'), { locale: 'zh-CN', theme: 'dark' })
  const context = await frame.evaluate(() => window.sdk.ready())
  expect(context).toMatchObject({
    app: { appId: 'app', origin: sites.origin('app.localhost') },
    locale: 'zh-CN',
    theme: 'dark',
    host: { platform: 'web' },
  })
  await expect.poll(() => appState(page)).toBe('ready')
  const pong = await frame.evaluate(() => window.sdk.call('ping', undefined))
  expect(typeof pong.time).toBe('number')
  // The iframe is sandboxed as DESIGN.md says.
  const attrs = await page.evaluate(() => {
    const f = document.querySelector('iframe')!
    return {
      sandbox: f.getAttribute('sandbox'),
      referrer: f.getAttribute('referrerpolicy'),
      allow: f.getAttribute('allow'),
    }
  })
  expect(attrs).toEqual({
    sandbox: 'allow-scripts allow-same-origin allow-forms',
    referrer: 'no-referrer',
    allow: null,
  })
})

test('invalid params and unknown methods get typed errors; the bridge keeps working', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, sites.manifest('app'))
  await frame.evaluate(() => window.sdk.ready())
  const bad = await frame.evaluate(() =>
    window.sdk
      .call('setBackButton', { visible: 'yes' } as never)
      .catch((e: { code: number; name: string }) => ({
        code: e.code,
        name: e.name,
      })),
  )
  expect(bad).toEqual({ code: -32602, name: 'InvalidParamsError' })
  const unknown = await frame.evaluate(() =>
    window.sdk.call('nope' as never, undefined as never).catch((e: { code: number }) => e.code),
  )
  expect(unknown).toBe(4200)
  expect(await frame.evaluate(() => window.sdk.call('ping', undefined).then(() => 'ok'))).toBe('ok')
})

test('host events reach the app: theme, visibility, back button', async ({ page, sites }) => {
  const frame = await mount(page, sites, sites.manifest('app'))
  await frame.evaluate(() => window.sdk.ready())
  await frame.evaluate(() => window.sdk.showBackButton())
  await expect.poll(() => hostLog(page)).toContainEqual({ e: 'backButton', data: { visible: true } })
  const handled = await page.evaluate(() => {
    const w = window as unknown as {
      host: { setTheme(t: string): void }
      app: { setVisible(v: boolean): void; pressBackButton(): boolean }
    }
    w.host.setTheme('dark')
    w.app.setVisible(false)
    return w.app.pressBackButton()
  })
  expect(handled).toBe(true)
  await expect
    .poll(() => frame.evaluate(() => window.received))
    .toEqual([
      { event: 'themeChanged', data: 'dark' },
      { event: 'visibilityChanged', data: { visible: false } },
      { event: 'backButton', data: {} },
    ])
  await frame.evaluate(() => window.sdk.hideBackButton())
  expect(
    await page.evaluate(() =>
      (window as unknown as { app: { pressBackButton(): boolean } }).app.pressBackButton(),
    ),
  ).toBe(false)
})

test('ready() outside a host rejects with 4900 within the bound', async ({ page, sites }) => {
  await page.goto(`${sites.origin('app.localhost')}/`)
  await page.waitForFunction(() => 'sdk' in window)
  const result = await page.evaluate(async () => {
    const start = performance.now()
    const inHost = window.sdk.isInHost()
    const code = await window.sdk.ready().catch((e: { code: number }) => e.code)
    return { inHost, code, ms: performance.now() - start }
  })
  expect(result.inHost).toBe(false)
  expect(result.code).toBe(4900)
  expect(result.ms).toBeLessThan(1000)
})

test('ready() in a frame that is not a host rejects with 4900 after the timeout', async ({ page, sites }) => {
  await page.goto(sites.hostUrl)
  await page.evaluate(
    (src) => {
      const f = document.createElement('iframe')
      f.src = src
      document.body.append(f)
    },
    `${sites.origin('app.localhost')}/`,
  )
  const frame = await expect
    .poll(() => page.frames().find((f) => f.url().includes('app.localhost')))
    .toBeTruthy()
    .then(() => page.frames().find((f) => f.url().includes('app.localhost'))!)
  await frame.waitForFunction(() => 'sdk' in window)
  const result = await frame.evaluate(async () => {
    const start = performance.now()
    const code = await window.sdk.ready({ timeout: 300 }).catch((e: { code: number }) => e.code)
    return { code, ms: performance.now() - start }
  })
  expect(result.code).toBe(4900)
  expect(result.ms).toBeGreaterThanOrEqual(290)
  expect(result.ms).toBeLessThan(1000)
})

test('a hello from another window or another origin gets no port', async ({ page, sites }) => {
  await mount(page, sites, sites.manifest('app'))
  // Another frame on the app's own origin, not mounted by the host: wrong window.
  await page.evaluate(
    (src) => {
      const f = document.createElement('iframe')
      f.src = src
      f.id = 'stray'
      document.body.append(f)
    },
    `${sites.origin('app.localhost')}/hostile`,
  )
  const stray = await expect
    .poll(() => page.frames().find((f) => f.url().endsWith('/hostile')))
    .toBeTruthy()
    .then(() => page.frames().find((f) => f.url().endsWith('/hostile'))!)
  await stray.waitForFunction(() => 'hostile' in window)
  const reply = await stray.evaluate(() =>
    Promise.race([window.hostile.connect(), new Promise((r) => setTimeout(() => r('none'), 500))]),
  )
  expect(reply).toBe('none')

  // The mounted iframe redirected to another origin that says hello: wrong origin. The host never
  // answers it and removes the foreign document at once.
  const page2 = await page.context().newPage()
  await page2.goto(sites.hostUrl)
  await page2.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  await page2.evaluate(
    (manifest) => {
      const w = window as unknown as Record<string, unknown>
      const app = window.runtimeHost
        .createRuntimeHost({ allowUnverifiedManifests: true })
        .mount(manifest as never, document.getElementById('apps')!)
      const log: unknown[] = []
      app.on('error', (data) => log.push({ e: 'error', data }))
      app.on('close', (data) => log.push({ e: 'close', data }))
      w.app = app
      w.log = log
    },
    sites.manifest('app', '/to-evil'),
  )
  await expect.poll(() => appState(page2)).toBe('closed')
  expect(await hostLog(page2)).toEqual([
    {
      e: 'error',
      data: {
        code: 4100,
        message: 'Message from an unexpected origin',
        data: { origin: sites.origin('evil.localhost') },
      },
    },
    { e: 'close', data: { reason: 'navigated' } },
  ])
  expect(await page2.locator('iframe').count()).toBe(0)
})

test('an app that navigates to another origin is torn down', async ({ page, sites }) => {
  // The app says hello on load (?auto=1): a test-driven ready() could lose the race with the 500 ms
  // no-handshake timer on a loaded machine.
  const frame = await mount(page, sites, sites.manifest('app', '/?auto=1'), { reconnectTimeoutMs: 500 })
  await expect.poll(() => appState(page)).toBe('ready')
  await frame.evaluate(
    (url) => {
      setTimeout(() => {
        location.href = url
      })
    },
    `${sites.origin('evil.localhost')}/`,
  )
  await expect.poll(() => appState(page), { timeout: 5000 }).toBe('closed')
  expect(await hostLog(page)).toContainEqual({ e: 'close', data: { reason: 'navigated' } })
  expect(await page.locator('iframe').count()).toBe(0)
})

test('an app that reloads on its own origin reconnects', async ({ page, sites }) => {
  const frame = await mount(page, sites, sites.manifest('app', '/?auto=1'), { reconnectTimeoutMs: 2000 })
  await expect.poll(() => appState(page)).toBe('ready')
  await frame.evaluate(() => {
    setTimeout(() => location.reload())
  })
  await expect.poll(() => hostLog(page).then((l) => l.filter((x) => x.e === 'ready').length)).toBe(2)
  await expect.poll(() => appState(page)).toBe('ready')
})

test('mounting an app on the host origin is refused', async ({ page, sites }) => {
  await page.goto(sites.hostUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  const origin = sites.origin('localhost')
  const error = await page.evaluate((origin) => {
    const host = window.runtimeHost.createRuntimeHost({ allowUnverifiedManifests: true })
    try {
      host.mount(
        { appId: 'x', name: 'x', version: '1', origin, entryUrl: `${origin}/`, scopes: [] },
        document.body,
      )
      return null
    } catch (e) {
      return { name: (e as Error).name, code: (e as { code: string }).code }
    }
  }, origin)
  expect(error).toEqual({ name: 'MountError', code: 'SAME_ORIGIN' })
  expect(await page.locator('iframe').count()).toBe(0)
})

test('an app speaking a newer major protocol gets a clear error', async ({ page, sites }) => {
  const frame = await mount(page, sites, sites.manifest('app', '/hostile'))
  await frame.waitForFunction(() => 'hostile' in window)
  const reply = await frame.evaluate(() => window.hostile.connect('2.0'))
  expect(reply).toMatchObject({
    type: 'chainless:refuse',
    error: { code: 4200, message: 'Unsupported protocol version' },
  })
  // An older minor of the same major works.
  const page2 = await page.context().newPage()
  const frame2 = await mount(page2, sites, sites.manifest('app', '/hostile'))
  await frame2.waitForFunction(() => 'hostile' in window)
  expect(await frame2.evaluate(() => window.hostile.connect('1.0'))).toMatchObject({
    type: 'chainless:welcome',
  })
})

test('a hostile app: comlink GET/SET/CONSTRUCT/ENDPOINT, prototype paths, junk — typed errors, nothing changes', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, sites.manifest('app', '/hostile'))
  await frame.waitForFunction(() => 'hostile' in window)
  const welcome = await frame.evaluate(() => window.hostile.connect())
  expect(welcome).toMatchObject({
    type: 'chainless:welcome',
    capabilities: expect.arrayContaining(['ping', 'ready']),
  })
  const raw: unknown[] = []
  const results = await frame.evaluate(async () => {
    const h = window.hostile
    const replies: unknown[] = []
    ;(window as unknown as { replies: unknown[] }).replies = replies
    const code = (r: unknown) => {
      replies.push(r)
      return (r as { value?: { value?: { code?: number } } })?.value?.value?.code ?? r
    }
    return {
      get: code(await h.send({ id: 'a', type: 'GET', path: ['ping'] })),
      set: code(await h.send({ id: 'b', type: 'SET', path: ['ping'], value: { type: 'RAW', value: 1 } })),
      construct: code(await h.send({ id: 'c', type: 'CONSTRUCT', path: ['ping'], argumentList: [] })),
      endpoint: code(await h.send({ id: 'd', type: 'ENDPOINT', path: [] })),
      proto: code(await h.send({ id: 'e', type: 'APPLY', path: ['__proto__'], argumentList: [] })),
      ctor: code(await h.send({ id: 'f', type: 'APPLY', path: ['constructor'], argumentList: [] })),
      nested: code(await h.send({ id: 'g', type: 'APPLY', path: ['ping', 'call'], argumentList: [] })),
      handlerArg: code(
        await h.send({
          id: 'h',
          type: 'APPLY',
          path: ['ping'],
          argumentList: [{ type: 'HANDLER', name: 'proxy', value: 1 }],
        }),
      ),
      huge: code(
        await h.send({
          id: 'i',
          type: 'APPLY',
          path: ['close'],
          argumentList: [{ type: 'RAW', value: { reason: 'x'.repeat(300_000) } }],
        }),
      ),
      release: await h.send({ id: 'j', type: 'RELEASE', path: [] }),
      stillWorks: await h.send({ id: 'k', type: 'APPLY', path: ['ping'], argumentList: [] }),
    }
  })
  expect(results).toMatchObject({
    get: 4200,
    set: 4200,
    construct: 4200,
    endpoint: 4200,
    proto: 4200,
    ctor: 4200,
    nested: 4200,
    handlerArg: -32602,
    huge: -32602,
    release: { id: 'j', type: 'RAW' },
    stillWorks: { id: 'k', type: 'RAW', value: { time: expect.any(Number) } },
  })
  expect(await appState(page)).toBe('connected')
  // Every error crossed as exactly { code, message, data? }: never a host stack trace.
  raw.push(...(await frame.evaluate(() => (window as unknown as { replies: unknown[] }).replies)))
  const errors = raw
    .filter((r) => (r as { type?: string }).type === 'HANDLER')
    .map((r) => (r as { value: { isError: boolean; value: Record<string, unknown> } }).value)
  expect(errors).toHaveLength(9)
  for (const error of errors) {
    expect(error.isError).toBe(false)
    expect(Object.keys(error.value).filter((k) => k !== 'data')).toEqual(['code', 'message'])
    expect(JSON.stringify(error.value)).not.toMatch(/\bat .*:\d+:\d+/)
  }
})

test('a flood of calls is rate limited and the host stays responsive for other apps', async ({
  page,
  sites,
}) => {
  await page.goto(sites.hostUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  await page.evaluate(
    ({ a, b }) => {
      const w = window as unknown as Record<string, unknown>
      const host = window.runtimeHost.createRuntimeHost({ allowUnverifiedManifests: true })
      w.a = host.mount(a as never, document.getElementById('apps')!)
      w.b = host.mount(b as never, document.getElementById('apps')!)
    },
    { a: sites.manifest('app'), b: sites.manifest('app2') },
  )
  const find = (name: string) =>
    page.frames().find((f) => f.url().startsWith(sites.origin(`${name}.localhost`)))
  await expect.poll(() => find('app') && find('app2')).toBeTruthy()
  const flooder = find('app')!
  const other = find('app2')!
  await flooder.waitForFunction(() => 'sdk' in window)
  await other.waitForFunction(() => 'sdk' in window)
  await flooder.evaluate(() => window.sdk.ready())
  await other.evaluate(() => window.sdk.ready())
  const [flood, latency] = await Promise.all([
    flooder.evaluate(async () => {
      const results = await Promise.all(
        Array.from({ length: 3000 }, () =>
          window.sdk.call('ping', undefined, { timeout: 3000 }).then(
            () => 'ok',
            (e: { code: number }) => e.code,
          ),
        ),
      )
      return {
        ok: results.filter((r) => r === 'ok').length,
        limited: results.filter((r) => r === 4290).length,
        dropped: results.filter((r) => r === 4080).length,
      }
    }),
    other.evaluate(async () => {
      await new Promise((r) => setTimeout(r, 5))
      const times: number[] = []
      for (let i = 0; i < 20; i++) {
        const t = performance.now()
        await window.sdk.call('ping', undefined)
        times.push(performance.now() - t)
      }
      return Math.max(...times)
    }),
  ])
  // Past its bucket a flooding app gets one 4290 per refill window; the rest is dropped unanswered
  // (its own calls time out), so the host spends nothing on it.
  expect(flood.ok + flood.limited + flood.dropped).toBe(3000)
  expect(flood.ok).toBeGreaterThanOrEqual(200)
  expect(flood.limited).toBeGreaterThanOrEqual(1)
  expect(flood.dropped).toBeGreaterThan(2000)
  expect(latency).toBeLessThan(1000)
})

test('closing the handle settles the host handler with 4900 and removes the iframe', async ({
  page,
  sites,
}) => {
  await page.goto(sites.hostUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  const manifest = sites.manifest('app')
  await page.evaluate((manifest) => {
    const w = window as unknown as Record<string, unknown>
    const aborted: unknown[] = []
    w.aborted = aborted
    const host = window.runtimeHost.createRuntimeHost({
      allowUnverifiedManifests: true,
      handlers: {
        // A handler that waits forever, like a sheet nobody answers.
        ping: (_p, { signal }) =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => {
              aborted.push((signal.reason as { code: number }).code)
              reject(signal.reason)
            }),
          ),
      },
    })
    w.app = host.mount(manifest as never, document.getElementById('apps')!)
  }, manifest)
  const frame = await expect
    .poll(() => page.frames().find((f) => f.url().startsWith(manifest.origin)))
    .toBeTruthy()
    .then(() => page.frames().find((f) => f.url().startsWith(manifest.origin))!)
  await frame.waitForFunction(() => 'sdk' in window)
  await frame.evaluate(() => window.sdk.ready())
  void frame.evaluate(() => window.sdk.call('ping', undefined).catch(() => undefined)).catch(() => undefined)
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { app: { pendingCalls: number } }).app.pendingCalls),
    )
    .toBe(1)
  await page.evaluate(() => (window as unknown as { app: { close(): void } }).app.close())
  expect(await page.evaluate(() => (window as unknown as { aborted: unknown[] }).aborted)).toEqual([4900])
  expect(await page.locator('iframe').count()).toBe(0)
})

test('an app can close itself', async ({ page, sites }) => {
  const frame = await mount(page, sites, sites.manifest('app'))
  await frame.evaluate(() => window.sdk.ready())
  // Not awaited inside the frame: the host removes the iframe right after answering.
  await frame.evaluate(() => {
    setTimeout(() => void window.sdk.close({ reason: 'done' }), 50)
  })
  await expect.poll(() => appState(page)).toBe('closed')
  expect(await hostLog(page)).toContainEqual({ e: 'close', data: { reason: 'app' } })
})

test('an entry that redirects to a silent foreign page is never shown and is closed', async ({
  page,
  sites,
}) => {
  await page.goto(sites.hostUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  await page.evaluate(
    (manifest) => {
      const w = window as unknown as Record<string, unknown>
      const host = window.runtimeHost.createRuntimeHost({
        allowUnverifiedManifests: true,
        reconnectTimeoutMs: 300,
      })
      const app = host.mount(manifest as never, document.getElementById('apps')!)
      const log: unknown[] = []
      const seen: string[] = []
      app.on('close', (data) => log.push({ e: 'close', data }))
      app.iframe.addEventListener('load', () => seen.push(getComputedStyle(app.iframe).visibility))
      w.app = app
      w.log = log
      w.seen = seen
    },
    sites.manifest('app', '/to-quiet'),
  )
  await expect.poll(() => appState(page)).toBe('closed')
  expect(await hostLog(page)).toEqual([{ e: 'close', data: { reason: 'no-handshake' } }])
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['hidden'])
  expect(await page.locator('iframe').count()).toBe(0)
})

test('bad wallet input is refused with typed errors: launch params, handler names, open() before any UI', async ({
  page,
  sites,
}) => {
  await page.goto(sites.hostUrl)
  await page.waitForFunction(() => document.documentElement.dataset.loaded === 'true')
  const results = await page.evaluate(async (manifest) => {
    const describe = (e: unknown) => ({ name: (e as Error).name, code: (e as { code?: string }).code })
    const host = window.runtimeHost.createRuntimeHost({
      allowUnverifiedManifests: true,
      seenApps: { get: () => undefined, set: () => undefined },
    })
    const out: Record<string, unknown> = {}
    try {
      host.mount(manifest as never, document.body, { launchParams: { n: 1 } as never })
    } catch (e) {
      out.launchParams = describe(e)
    }
    try {
      window.runtimeHost.createRuntimeHost({ handlers: { nope: () => null } as never } as never)
    } catch (e) {
      out.handler = describe(e)
    }
    out.open = await host
      .open({ ...(manifest as object), entryUrl: 'https://elsewhere.example/' } as never, document.body)
      .then(
        () => 'mounted',
        (e: unknown) => describe(e),
      )
    out.dialogs = document.querySelectorAll('[role=dialog]').length
    out.iframes = document.querySelectorAll('iframe').length
    return out
  }, sites.manifest('app'))
  expect(results).toEqual({
    launchParams: { name: 'MountError', code: 'INVALID_CONTEXT' },
    handler: { name: 'InvalidOptionError' },
    open: { name: 'MountError', code: 'INVALID_MANIFEST' },
    dialogs: 0,
    iframes: 0,
  })
})

/** Whether the app's iframe is shown, and the app's state. */
const shown = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { app: { state: string; iframe: HTMLIFrameElement } }
    return { state: w.app.state, visibility: getComputedStyle(w.app.iframe).visibility }
  })

test('liveness: an app navigated to a foreign page whose load never fires is hidden within seconds', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, sites.manifest('app'), { reconnectTimeoutMs: 60_000 })
  await frame.evaluate(() => window.sdk.ready())
  await expect.poll(() => shown(page)).toEqual({ state: 'ready', visibility: 'visible' })
  const started = Date.now()
  await frame.evaluate(
    (url) => {
      setTimeout(() => {
        location.href = url
      })
    },
    `${sites.origin('evil.localhost')}/hang`,
  )
  await expect
    .poll(() => shown(page), { timeout: 6000, intervals: [100] })
    .toEqual({ state: 'loading', visibility: 'hidden' })
  // Default probing: a round every 2 s, 3 probes of 500 ms: hidden within 2 + 1.5 s (and some slack).
  expect(Date.now() - started).toBeLessThan(5000)
  // The foreign page's load indeed never fired.
  const foreign = page.frames().find((f) => f.url().startsWith(sites.origin('evil.localhost')))!
  expect(await foreign.evaluate(() => document.readyState)).not.toBe('complete')
})

test('liveness: a colluding frame holding the leaked port cannot keep a foreign page shown', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, sites.manifest('app', '/hostile'), { reconnectTimeoutMs: 60_000 })
  await frame.waitForFunction(() => 'hostile' in window)
  // The colluder: another origin, on the wallet page, next to the app.
  await page.evaluate(
    (src) => {
      const f = document.createElement('iframe')
      f.src = src
      f.id = 'colluder'
      document.body.append(f)
    },
    `${sites.origin('evil.localhost')}/colluder`,
  )
  const colluder = await expect
    .poll(() => page.frames().find((f) => f.url().endsWith('/colluder')))
    .toBeTruthy()
    .then(() => page.frames().find((f) => f.url().endsWith('/colluder'))!)
  await colluder.waitForFunction(() => 'acks' in window)
  await frame.evaluate(() => window.hostile.connect())
  await frame.evaluate(() => window.hostile.answerProbes())
  await expect.poll(() => shown(page)).toEqual({ state: 'connected', visibility: 'visible' })
  // The app's document answers the window probes: it stays shown across a few rounds.
  await page.waitForTimeout(2500)
  expect(await shown(page)).toEqual({ state: 'connected', visibility: 'visible' })
  // Frame 0 of the wallet page is the app, frame 1 the colluder.
  await frame.evaluate(() => window.hostile.handOff(1))
  await colluder.waitForFunction(() => 'port' in window)
  await frame.evaluate(
    (url) => {
      setTimeout(() => {
        location.href = url
      })
    },
    `${sites.origin('evil.localhost')}/quiet`,
  )
  await expect
    .poll(() => shown(page), { timeout: 6000, intervals: [100] })
    .toEqual({ state: 'loading', visibility: 'hidden' })
})

test('liveness: a healthy app busy for 1 s at load is not closed', async ({ page, sites }) => {
  const frame = await mount(page, sites, sites.manifest('app', '/?auto=1&busy=1000'))
  await expect.poll(() => shown(page)).toEqual({ state: 'ready', visibility: 'visible' })
  await frame.evaluate(() => {
    setTimeout(() => location.reload())
  })
  await expect.poll(() => hostLog(page).then((l) => l.filter((x) => x.e === 'ready').length)).toBe(2)
  // Through the busy second and two probe rounds after it: never hidden, never closed.
  const seen = new Set<string>()
  for (let i = 0; i < 25; i++) {
    const { state, visibility } = await shown(page)
    seen.add(`${state}/${visibility}`)
    await page.waitForTimeout(200)
  }
  expect([...seen]).toEqual(['ready/visible'])
  expect(await hostLog(page)).not.toContainEqual(expect.objectContaining({ e: 'close' }))
  expect(await frame.evaluate(() => window.sdk.call('ping', undefined).then(() => 'ok'))).toBe('ok')
})

test('account events reach only an app granted user:basic; launch params carry no account', async ({
  page,
  sites,
}) => {
  const frame = await mount(page, sites, { ...sites.manifest('app'), scopes: ['user:basic'] })
  const context = await frame.evaluate(() => window.sdk.ready())
  expect(context.launchParams).toEqual({})
  const address = '0x00000000000000000000000000000000000000a1'
  const sent = await page.evaluate((address) => {
    const w = window as unknown as {
      host: { grants: { grant(appId: string, account: string, scopes: string[]): void } }
      app: { send(event: string, data: unknown): boolean }
    }
    const before = w.app.send('accountsChanged', [address])
    // A host without a wallet keeps grants under the account ''.
    w.host.grants.grant('app', '', ['user:basic'])
    const after = w.app.send('accountsChanged', [address])
    return { before, after }
  }, address)
  expect(sent).toEqual({ before: false, after: true })
  await expect
    .poll(() => frame.evaluate(() => window.received))
    .toEqual([{ event: 'accountsChanged', data: [address] }])
})
