import { afterEach, expect, it, vi } from 'vitest'
import { connectedSdk, type FakeHost, flush, type HostPort } from '../../test/fake-host.js'

const UI = [
  'uiOpenLink',
  'uiShowPopup',
  'uiShare',
  'uiWriteClipboard',
  'uiSetMainButton',
  'uiHaptic',
  'uiExpand',
  'uiScanQr',
] as const

let host: FakeHost | undefined
afterEach(() => {
  host?.close()
  host = undefined
  vi.unstubAllGlobals()
})

const setup = async (capabilities: readonly string[] = ['ready', ...UI]) => {
  const connected = await connectedSdk(capabilities)
  host = connected.host
  return connected
}

/** Answers the next call with `value` (or an error payload) and returns what the SDK sent. */
async function answer(
  port: HostPort,
  value: unknown,
  error?: { code: number; message: string; data?: unknown },
) {
  const message = await port.next()
  port.post(
    error
      ? { id: message.id, type: 'HANDLER', name: 'throw', value: { isError: true, value: error } }
      : { id: message.id, type: 'RAW', value },
  )
  return { path: message.path, params: (message.argumentList as { value: unknown }[])[0]?.value }
}

it('each function calls its method with its params and unwraps the result', async () => {
  const { sdk, port } = await setup()
  const cases: [() => Promise<unknown>, unknown, string, unknown, unknown][] = [
    [
      () => sdk.openLink('https://example.com/'),
      { opened: false },
      'uiOpenLink',
      { url: 'https://example.com/' },
      false,
    ],
    [() => sdk.showPopup({ message: 'Hi' }), { buttonId: 'ok' }, 'uiShowPopup', { message: 'Hi' }, 'ok'],
    [() => sdk.share({ text: 'Join' }), { shared: true }, 'uiShare', { text: 'Join' }, true],
    [() => sdk.writeClipboard('0xabc'), { written: true }, 'uiWriteClipboard', { text: '0xabc' }, true],
    [
      () => sdk.mainButton.show('Pay'),
      null,
      'uiSetMainButton',
      { visible: true, enabled: true, text: 'Pay' },
      undefined,
    ],
    [() => sdk.mainButton.hide(), null, 'uiSetMainButton', { visible: false }, undefined],
    [() => sdk.haptic('impact', 'light'), null, 'uiHaptic', { kind: 'impact', style: 'light' }, undefined],
    [
      () => sdk.expand(),
      { height: 600, expanded: true },
      'uiExpand',
      undefined,
      { height: 600, expanded: true },
    ],
    [() => sdk.scanQr({ hint: 'Ticket' }), { text: 'T-1' }, 'uiScanQr', { hint: 'Ticket' }, 'T-1'],
  ]
  for (const [run, result, method, params, expected] of cases) {
    const pending = run()
    const sent = await answer(port, result)
    expect(sent).toEqual({ path: [method], params })
    await expect(pending).resolves.toEqual(expected)
  }
})

it('confirm(): OK and Cancel buttons, true only for OK', async () => {
  const { sdk, port } = await setup()
  const yes = sdk.confirm('Leave?')
  const sent = await answer(port, { buttonId: 'ok' })
  expect(sent.params).toEqual({
    message: 'Leave?',
    buttons: [
      { id: 'cancel', text: 'Cancel', style: 'cancel' },
      { id: 'ok', text: 'OK' },
    ],
  })
  await expect(yes).resolves.toBe(true)
  const dismissed = sdk.confirm('Leave?')
  await answer(port, { buttonId: null })
  await expect(dismissed).resolves.toBe(false)
})

it('host errors keep their class: 4290 with retryAfterMs, 4200 from scanQr', async () => {
  const { sdk, port } = await setup()
  const link = sdk.openLink('https://example.com/')
  await answer(port, undefined, { code: 4290, message: 'Rate limited', data: { retryAfterMs: 6000 } })
  await expect(link).rejects.toMatchObject({ code: 4290, data: { retryAfterMs: 6000 } })
  const scan = sdk.scanQr()
  await answer(port, undefined, { code: 4200, message: 'No camera', data: { reason: 'no_camera' } })
  const error = await scan.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(sdk.UnsupportedMethodError)
  expect(error).toMatchObject({ data: { reason: 'no_camera' } })
})

it('haptic never rejects: not served, or refused by the host', async () => {
  const { sdk } = await setup(['ready'])
  await expect(sdk.haptic('selection')).resolves.toBeUndefined()
  host?.close()
  const served = await setup()
  const pending = served.sdk.haptic('impact')
  await answer(served.port, undefined, { code: 4290, message: 'Rate limited' })
  await expect(pending).resolves.toBeUndefined()
})

it('a host without the UI actions answers 4200 at once (no call sent)', async () => {
  const { sdk } = await setup(['ready'])
  await expect(sdk.showPopup({ message: 'x' })).rejects.toMatchObject({ code: 4200 })
})

it('mainButton.onPress and onViewportChanged receive their events only, and stop', async () => {
  const { sdk, port } = await setup()
  const press = vi.fn()
  const viewport = vi.fn()
  const stop = sdk.mainButton.onPress(press)
  sdk.onViewportChanged(viewport)
  port.post({ type: 'chainless:event', event: 'mainButtonPressed', data: {} })
  port.post({ type: 'chainless:event', event: 'viewportChanged', data: { height: 500, expanded: true } })
  port.post({ type: 'chainless:event', event: 'backButton', data: {} })
  await vi.waitFor(() => expect(viewport).toHaveBeenCalledOnce())
  expect(press).toHaveBeenCalledOnce()
  expect(press).toHaveBeenCalledWith()
  expect(viewport).toHaveBeenCalledWith({ height: 500, expanded: true })
  stop()
  port.post({ type: 'chainless:event', event: 'mainButtonPressed', data: {} })
  await flush()
  expect(press).toHaveBeenCalledOnce()
})
