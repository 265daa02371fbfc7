// @vitest-environment happy-dom
import {
  type Manifest,
  type MethodName,
  type UiAdapter,
  UnauthorizedError,
  UserRejectedError,
} from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it, vi } from 'vitest'
import type { AppHandle } from '../app-handle.js'
import { fuzzParameters } from '../hostile.fuzz.js'
import { browserDevice, type UiActionDevice } from './device.js'
import { type UiActionSheets, uiActionHandlers } from './handlers.js'
import { DEFAULT_UI_ACTION_LIMITS, UiActionLimiter } from './limits.js'

const manifest = (permissions: Manifest['permissions'] = []): Manifest => ({
  appId: 'shop',
  name: 'Shop',
  version: '1.0.0',
  origin: 'http://shop.localhost:8090',
  entryUrl: 'http://shop.localhost:8090/',
  scopes: [],
  permissions,
})

/** A stand-in for a mounted app: its manifest, a frame in the document, and the events it was sent. */
function fakeApp(permissions?: Manifest['permissions']) {
  const iframe = document.createElement('iframe')
  document.body.append(iframe)
  const sent: [string, unknown][] = []
  const closers: (() => void)[] = []
  const app = {
    manifest: manifest(permissions),
    iframe,
    send: (event: string, data: unknown) => sent.push([event, data]) > 0,
    on: (event: string, listener: () => void) => {
      if (event === 'close') closers.push(listener)
      return () => undefined
    },
  } as unknown as AppHandle
  return {
    app,
    sent,
    close: () => {
      for (const c of closers) c()
    },
  }
}

function setup(
  options: { device?: Partial<UiActionDevice>; adapter?: Partial<UiAdapter>; now?: () => number } = {},
) {
  const sheets: UiActionSheets = {
    popup: vi.fn(async () => ({ buttonId: 'yes' })),
    confirmLink: vi.fn(async () => ({ confirmed: true as const })),
    share: vi.fn(async () => ({ shared: true })),
    confirmClipboard: vi.fn(async () => ({ confirmed: true as const })),
    scanQr: vi.fn(async () => ({ text: 'hello' })),
  }
  const device: UiActionDevice = {
    openUrl: vi.fn(() => true),
    share: vi.fn(async () => undefined),
    hasUserActivation: vi.fn(() => true),
    writeClipboard: vi.fn(async () => true),
    vibrate: vi.fn(),
    scanUnavailable: vi.fn(async () => undefined),
    ...options.device,
  }
  const { handlers, mainButton } = uiActionHandlers({
    ui: async () => (options.adapter ?? {}) as UiAdapter,
    sheets: async () => sheets,
    device,
    limiter: new UiActionLimiter({}, options.now),
    expand: (app) => {
      app.iframe.dataset.expanded = ''
    },
  })
  const call = (app: AppHandle, method: MethodName, params?: unknown) =>
    (async () => handlers.get(method)!(params, { app, signal: new AbortController().signal, method }))()
  return { call, sheets, device, mainButton }
}

describe('uiOpenLink', () => {
  it('opens the app’s own origin at once, and asks before any other site', async () => {
    const { call, sheets, device } = setup()
    const { app } = fakeApp()
    await expect(call(app, 'uiOpenLink', { url: 'http://shop.localhost:8090/help' })).resolves.toEqual({
      opened: true,
    })
    expect(sheets.confirmLink).not.toHaveBeenCalled()
    await expect(call(app, 'uiOpenLink', { url: 'https://example.com/' })).resolves.toEqual({ opened: true })
    expect(sheets.confirmLink).toHaveBeenCalledOnce()
    expect(device.openUrl).toHaveBeenCalledTimes(2)
  })

  it('cancelled: { opened: false }, nothing opened', async () => {
    const { call, sheets, device } = setup()
    vi.mocked(sheets.confirmLink).mockRejectedValueOnce(new UserRejectedError())
    await expect(call(fakeApp().app, 'uiOpenLink', { url: 'https://evil.example/' })).resolves.toEqual({
      opened: false,
    })
    expect(device.openUrl).not.toHaveBeenCalled()
  })

  it('refuses hostile URLs with -32602 before any sheet', async () => {
    const { call, sheets, device } = setup()
    for (const url of [
      'javascript:alert(1)',
      'data:text/html,x',
      'https://shop.localhost:8090@evil.example/',
      42,
    ]) {
      await expect(call(fakeApp().app, 'uiOpenLink', { url })).rejects.toMatchObject({ code: -32602 })
    }
    expect(sheets.confirmLink).not.toHaveBeenCalled()
    expect(device.openUrl).not.toHaveBeenCalled()
  })

  it('rate-limits per app: the 4th link in a burst gets 4290 with retryAfterMs; another app is not affected', async () => {
    let now = 0
    const { call } = setup({ now: () => now })
    const a = fakeApp().app
    const b = fakeApp().app
    for (let i = 0; i < DEFAULT_UI_ACTION_LIMITS.uiOpenLink.capacity; i++) {
      await call(a, 'uiOpenLink', { url: 'http://shop.localhost:8090/' })
    }
    const error = await call(a, 'uiOpenLink', { url: 'http://shop.localhost:8090/' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 4290, data: { method: 'uiOpenLink', retryAfterMs: 6000 } })
    await expect(call(b, 'uiOpenLink', { url: 'http://shop.localhost:8090/' })).resolves.toEqual({
      opened: true,
    })
    now += 6000
    await expect(call(a, 'uiOpenLink', { url: 'http://shop.localhost:8090/' })).resolves.toEqual({
      opened: true,
    })
  })

  it('invalid calls use up the budget too (a flood of garbage is limited like any other)', async () => {
    const { call } = setup({ now: () => 0 })
    const { app } = fakeApp()
    for (let i = 0; i < 3; i++) await call(app, 'uiOpenLink', { url: 'nope' }).catch(() => undefined)
    await expect(call(app, 'uiOpenLink', { url: 'nope' })).rejects.toMatchObject({ code: 4290 })
  })
})

describe('uiShowPopup', () => {
  it('resolves the pressed id; a dismissed popup is null; an id the app did not give is null', async () => {
    const { call, sheets } = setup()
    const { app } = fakeApp()
    const buttons = [
      { id: 'yes', text: 'Yes' },
      { id: 'no', text: 'No', style: 'cancel' },
    ]
    await expect(call(app, 'uiShowPopup', { message: 'Sure?', buttons })).resolves.toEqual({
      buttonId: 'yes',
    })
    expect(vi.mocked(sheets.popup).mock.calls[0]?.[0]).toMatchObject({
      message: 'Sure?',
      buttons: [
        { id: 'yes', style: 'default' },
        { id: 'no', style: 'cancel' },
      ],
    })
    vi.mocked(sheets.popup).mockRejectedValueOnce(new UserRejectedError())
    await expect(call(app, 'uiShowPopup', { message: 'Sure?' })).resolves.toEqual({ buttonId: null })
    vi.mocked(sheets.popup).mockResolvedValueOnce({ buttonId: 'injected' })
    await expect(call(app, 'uiShowPopup', { message: 'Sure?', buttons })).resolves.toEqual({ buttonId: null })
  })

  it('uses the wallet adapter’s own popup when it has one', async () => {
    const popup = vi.fn(async () => ({ buttonId: 'ok' }))
    const { call, sheets } = setup({ adapter: { popup } })
    await expect(call(fakeApp().app, 'uiShowPopup', { message: 'Hi' })).resolves.toEqual({ buttonId: 'ok' })
    expect(popup).toHaveBeenCalledOnce()
    expect(sheets.popup).not.toHaveBeenCalled()
  })
})

describe('uiShare, uiWriteClipboard', () => {
  it('share: the system sheet when there is one, else the host sheet', async () => {
    const { call, sheets, device } = setup()
    const { app } = fakeApp()
    await expect(call(app, 'uiShare', { text: 'hi' })).resolves.toEqual({ shared: true })
    expect(sheets.share).toHaveBeenCalledOnce()
    vi.mocked(device.share).mockResolvedValueOnce(false)
    await expect(call(app, 'uiShare', { url: 'https://example.com/' })).resolves.toEqual({ shared: false })
    expect(sheets.share).toHaveBeenCalledOnce()
  })

  it('clipboard: 4100 unless the manifest declares clipboard-write', async () => {
    const { call, device } = setup()
    const error = await call(fakeApp().app, 'uiWriteClipboard', { text: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnauthorizedError)
    expect(error).toMatchObject({ code: 4100, data: { permission: 'clipboard-write' } })
    expect(device.writeClipboard).not.toHaveBeenCalled()
  })

  it('clipboard: written at once after a user gesture; without one, only once the user confirms', async () => {
    const { call, sheets, device } = setup()
    const { app } = fakeApp(['clipboard-write'])
    await expect(call(app, 'uiWriteClipboard', { text: 'a' })).resolves.toEqual({ written: true })
    expect(sheets.confirmClipboard).not.toHaveBeenCalled()
    vi.mocked(device.hasUserActivation).mockReturnValue(false)
    vi.mocked(sheets.confirmClipboard).mockRejectedValueOnce(new UserRejectedError())
    await expect(call(app, 'uiWriteClipboard', { text: 'b' })).resolves.toEqual({ written: false })
    expect(device.writeClipboard).toHaveBeenCalledTimes(1)
    await expect(call(app, 'uiWriteClipboard', { text: 'c' })).resolves.toEqual({ written: true })
    expect(vi.mocked(sheets.confirmClipboard).mock.calls[1]?.[0]).toMatchObject({ text: 'c' })
    expect(vi.mocked(device.writeClipboard).mock.calls.map((c) => c[0])).toEqual(['a', 'c'])
  })
})

describe('uiSetMainButton, uiHaptic, uiExpand, uiScanQr', () => {
  it('the main button is the host’s, below the frame; a press reaches the app only when enabled', async () => {
    const { call } = setup()
    const { app, sent, close } = fakeApp()
    await call(app, 'uiSetMainButton', { visible: true, text: '<b>Pay</b>' })
    const button = app.iframe.nextElementSibling as HTMLButtonElement
    expect(button.dataset.chainlessMainButton).toBe('')
    expect(button.textContent).toBe('<b>Pay</b>')
    expect(button.querySelector('b')).toBeNull()
    button.click()
    expect(sent).toEqual([['mainButtonPressed', {}]])
    await call(app, 'uiSetMainButton', { visible: true, enabled: false })
    button.click()
    await call(app, 'uiSetMainButton', { visible: true, enabled: true, progress: true })
    button.click()
    await call(app, 'uiSetMainButton', { visible: false })
    expect(button.hidden).toBe(true)
    expect(sent).toHaveLength(1)
    close()
    expect(button.isConnected).toBe(false)
  })

  it('haptic: vibrates where it can, null either way, never an error', async () => {
    const { call, device } = setup()
    const { app } = fakeApp()
    await expect(call(app, 'uiHaptic', { kind: 'notification', style: 'error' })).resolves.toBeNull()
    expect(device.vibrate).toHaveBeenCalledWith([30, 60, 30, 60, 30])
    await expect(call(app, 'uiHaptic', { kind: 'buzz' })).rejects.toMatchObject({ code: -32602 })
    // The browser device: no vibration motor (or a throwing one) is not an error.
    const vibrate = Object.getOwnPropertyDescriptor(navigator, 'vibrate')
    Object.defineProperty(navigator, 'vibrate', {
      configurable: true,
      value: () => {
        throw new Error('no motor')
      },
    })
    expect(() => browserDevice.vibrate([10])).not.toThrow()
    Object.defineProperty(navigator, 'vibrate', { configurable: true, value: undefined })
    expect(() => browserDevice.vibrate([10])).not.toThrow()
    if (vibrate) Object.defineProperty(navigator, 'vibrate', vibrate)
  })

  it('expand: marks the frame and sends viewportChanged', async () => {
    const { call } = setup()
    const { app, sent } = fakeApp()
    const result = await call(app, 'uiExpand')
    expect(result).toMatchObject({ expanded: true })
    expect(app.iframe.dataset.expanded).toBe('')
    expect(sent).toEqual([['viewportChanged', result]])
  })

  it('scanQr: 4100 without camera, 4200 with a reason where the device cannot scan, else the text', async () => {
    const { call, device, sheets } = setup()
    await expect(call(fakeApp().app, 'uiScanQr')).rejects.toMatchObject({ code: 4100 })
    const { app } = fakeApp(['camera'])
    vi.mocked(device.scanUnavailable).mockResolvedValueOnce('no_camera')
    await expect(call(app, 'uiScanQr', { hint: 'ticket' })).rejects.toMatchObject({
      code: 4200,
      data: { method: 'uiScanQr', reason: 'no_camera' },
    })
    expect(sheets.scanQr).not.toHaveBeenCalled()
    await expect(call(app, 'uiScanQr', { hint: 'ticket' })).resolves.toEqual({ text: 'hello' })
  })
})

describe('hostile params', () => {
  const methods: MethodName[] = [
    'uiOpenLink',
    'uiShowPopup',
    'uiShare',
    'uiWriteClipboard',
    'uiSetMainButton',
    'uiHaptic',
    'uiExpand',
    'uiScanQr',
  ]
  test.prop(
    [fc.constantFrom(...methods), fc.anything({ withNullPrototype: true, withSparseArray: true })],
    fuzzParameters(150),
  )(
    'answer or refuse with a typed error, and never open, copy or ask on invalid params',
    async (method, params) => {
      const { call, device, sheets } = setup()
      const { app } = fakeApp(['camera', 'clipboard-write'])
      const result = await call(app, method, params).then(
        () => 'ok',
        (error: { code?: unknown }) => error.code,
      )
      expect(['ok', -32602]).toContain(result)
      if (result === -32602) {
        expect(device.openUrl).not.toHaveBeenCalled()
        expect(device.writeClipboard).not.toHaveBeenCalled()
        for (const sheet of Object.values(sheets)) expect(sheet).not.toHaveBeenCalled()
      }
    },
  )
})
