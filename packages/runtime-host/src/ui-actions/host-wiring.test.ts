// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"disableIframePageLoading":true}}
import type { Manifest } from '@chainless/protocol'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createRuntimeHost, type RuntimeHostOptions } from '../create-runtime-host.js'
import { InvalidOptionError } from '../invalid-option-error.js'

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
const hosts: { destroy(): void }[] = []
afterEach(() => {
  for (const host of hosts.splice(0)) host.destroy()
})

const UI_METHODS = [
  'uiOpenLink',
  'uiShowPopup',
  'uiShare',
  'uiWriteClipboard',
  'uiSetMainButton',
  'uiHaptic',
  'uiExpand',
  'uiScanQr',
]

/** A host with one app, connected over a real MessagePort; `call` speaks comlink's wire format. */
function setup(uiActions: RuntimeHostOptions['uiActions']) {
  const host = createRuntimeHost({
    allowUnverifiedManifests: true,
    origin: 'http://wallet.localhost',
    uiActions,
  })
  hosts.push(host)
  const manifest = {
    appId: 'shop',
    name: 'Shop',
    version: '1.0.0',
    origin: 'http://shop.localhost:8090',
    entryUrl: 'http://shop.localhost:8090/',
    scopes: [],
  } as unknown as Manifest
  const app = host.mount(manifest, document.body)
  const posted: MessagePort[] = []
  app.handleWindowMessage({
    data: { type: 'chainless:hello', protocol: '1.0', sdkVersion: 'test' },
    origin: app.manifest.origin,
    source: {
      postMessage: (_m: unknown, _o: string, t?: Transferable[]) => posted.push(t?.[0] as MessagePort),
    },
  } as unknown as MessageEvent)
  const port = posted[0]!
  const replies = new Map<string, { type: string; value: unknown }>()
  const events: unknown[] = []
  port.onmessage = (e) => {
    const d = e.data as { id?: string; type: string; value: unknown }
    if (d.id) replies.set(d.id, d)
    else if (d.type === 'chainless:event') events.push(d)
  }
  let next = 0
  const call = async (path: string, arg?: unknown) => {
    const id = `c${++next}`
    port.postMessage({
      id,
      type: 'APPLY',
      path: [path],
      argumentList: arg === undefined ? [] : [{ type: 'RAW', value: arg }],
    })
    await vi.waitFor(() => expect(replies.has(id)).toBe(true), { timeout: 5000 })
    const reply = replies.get(id)!
    return reply.type === 'HANDLER'
      ? { error: (reply.value as { value: unknown }).value as { code: number; data?: unknown } }
      : { value: reply.value }
  }
  return { host, app, call, events }
}

describe('createRuntimeHost({ uiActions })', () => {
  it('serves the UI actions by default, over the wire, with their own rate limits', async () => {
    const { app, call, events } = setup({ rateLimits: { uiExpand: { capacity: 1, refillPerSecond: 0.001 } } })
    expect(app.capabilities).toEqual(expect.arrayContaining(UI_METHODS))
    expect(await call('uiHaptic', { kind: 'selection' })).toEqual({ value: null })
    expect(await call('uiExpand')).toMatchObject({ value: { expanded: true } })
    await vi.waitFor(() =>
      expect(events).toContainEqual(expect.objectContaining({ event: 'viewportChanged' })),
    )
    expect((await call('uiExpand')).error).toMatchObject({ code: 4290, data: { method: 'uiExpand' } })
    expect((await call('uiOpenLink', { url: 'javascript:alert(1)' })).error?.code).toBe(-32602)
    expect(await call('uiSetMainButton', { visible: true, text: 'Go' })).toEqual({ value: null })
    const button = app.iframe.nextElementSibling as HTMLButtonElement
    button.click()
    await vi.waitFor(() =>
      expect(events).toContainEqual(expect.objectContaining({ event: 'mainButtonPressed' })),
    )
    app.close()
    expect(button.isConnected).toBe(false)
  })

  it('uiActions: false does not serve them (4200); a bad limit is refused at creation', async () => {
    const { app, call } = setup(false)
    expect(app.capabilities.filter((c) => c.startsWith('ui'))).toEqual([])
    expect((await call('uiShowPopup', { message: 'x' })).error?.code).toBe(4200)
    expect(() =>
      createRuntimeHost({ uiActions: { rateLimits: { uiShowPopup: { capacity: 0, refillPerSecond: 1 } } } }),
    ).toThrow(InvalidOptionError)
  })
})
