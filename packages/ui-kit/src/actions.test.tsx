// @vitest-environment happy-dom
import { fireEvent, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { type ActionSheets, createActionSheets } from './actions.js'
import { manifest } from './fixtures.js'

let sheets: ActionSheets | undefined
afterEach(() => sheets?.destroy())

const click = async (name: string | RegExp) => fireEvent.click(await screen.findByRole('button', { name }))

describe('createActionSheets', () => {
  it('popup: the app’s buttons in order; the pressed id; dismissed is null', async () => {
    sheets = createActionSheets({ primaryActionDelayMs: 0 })
    const buttons = [
      { id: 'keep', text: 'Keep', style: 'cancel' as const },
      { id: 'del', text: 'Delete', style: 'destructive' as const },
    ]
    const choice = sheets.popup({ manifest, title: 'Delete?', message: 'Gone for good.', buttons })
    const dialog = await screen.findByRole('dialog', { name: 'Delete?' })
    expect(dialog.textContent).toContain('Gone for good.')
    expect([...dialog.querySelectorAll('.cl-sheet-foot button')].map((b) => b.textContent)).toEqual([
      'Keep',
      'Delete',
    ])
    await click('Delete')
    await expect(choice).resolves.toEqual({ buttonId: 'del' })
    const dismissed = sheets.popup({
      manifest,
      message: 'Hi',
      buttons: [{ id: 'ok', text: 'OK', style: 'default' }],
    })
    await click('Close')
    await expect(dismissed).resolves.toEqual({ buttonId: null })
  })

  it('popup text is text: markup and bidi overrides are not rendered', async () => {
    sheets = createActionSheets({ primaryActionDelayMs: 0 })
    // Left open: afterEach's destroy() rejects it (4001), which this test expects and handles.
    const open = sheets
      .popup({
        manifest,
        message: '<img src=x onerror=alert(1)>Send to \u202Eevil',
        buttons: [{ id: 'ok', text: '<b>OK</b>', style: 'default' }],
      })
      .catch((error: unknown) => error)
    const dialog = await screen.findByRole('dialog')
    expect(dialog.querySelector('img[src="x"]')).toBeNull()
    expect(dialog.querySelector('.cl-sheet-foot b')).toBeNull()
    expect(dialog.textContent).not.toContain('\u202E')
    sheets.destroy()
    await expect(open).resolves.toMatchObject({ code: 4001 })
  })

  it('confirmLink shows the host as parsed (punycode); Cancel rejects 4001; Open confirms', async () => {
    sheets = createActionSheets({ primaryActionDelayMs: 0 })
    const cancelled = sheets.confirmLink({ manifest, url: 'https://аррӏе.com/login' })
    const dialog = await screen.findByRole('dialog', { name: 'Open an external link?' })
    expect(dialog.querySelector('[data-link-host]')?.textContent).toBe('xn--80ak6aa92e.com')
    await click('Cancel')
    await expect(cancelled).rejects.toMatchObject({ code: 4001 })
    const opened = sheets.confirmLink({ manifest, url: 'https://example.com/' })
    await click('Open')
    await expect(opened).resolves.toEqual({ confirmed: true })
  })

  it('share: copy resolves shared; closing first is not shared', async () => {
    const copy = vi.fn(async () => true)
    sheets = createActionSheets({ primaryActionDelayMs: 0, copy })
    const shared = sheets.share({ manifest, text: 'Join me', url: 'https://example.com/j' })
    await click('Copy')
    await expect(shared).resolves.toEqual({ shared: true })
    expect(copy).toHaveBeenCalledWith('Join me\nhttps://example.com/j')
    const closed = sheets.share({ manifest, text: 'x' })
    await click('Cancel')
    await expect(closed).resolves.toEqual({ shared: false })
  })

  it('confirmClipboard shows the whole text first; one sheet at a time, in order; an abort closes it', async () => {
    sheets = createActionSheets({ primaryActionDelayMs: 0 })
    const first = sheets.confirmClipboard({ manifest, text: '0xabc…def' })
    const second = sheets.confirmClipboard({ manifest, text: 'second' })
    expect((await screen.findByRole('dialog')).textContent).toContain('0xabc…def')
    expect(screen.getAllByRole('dialog')).toHaveLength(1)
    await click('Copy')
    await expect(first).resolves.toEqual({ confirmed: true })
    expect((await screen.findByRole('dialog')).textContent).toContain('second')
    await click('Cancel')
    await expect(second).rejects.toMatchObject({ code: 4001 })
    const controller = new AbortController()
    const aborted = sheets.confirmClipboard({ manifest, text: 'x', signal: controller.signal })
    await screen.findByRole('dialog')
    controller.abort(new Error('gone'))
    await expect(aborted).rejects.toThrow('gone')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('scanQr without a camera or detector says so, and Cancel rejects 4001', async () => {
    sheets = createActionSheets({ primaryActionDelayMs: 0 })
    const scan = sheets.scanQr({ manifest, hint: 'Scan the ticket' })
    expect(await screen.findByRole('alert')).toBeTruthy()
    await click('Cancel')
    await expect(scan).rejects.toMatchObject({ code: 4001 })
  })

  it('bounds what one app may queue (-32005), not another app', async () => {
    sheets = createActionSheets({ primaryActionDelayMs: 0, maxPendingPerApp: 2 })
    const other = { ...manifest, appId: 'other' }
    void sheets
      .popup({ manifest, message: '1', buttons: [{ id: 'a', text: 'A', style: 'default' }] })
      .catch(() => 0)
    void sheets
      .popup({ manifest, message: '2', buttons: [{ id: 'a', text: 'A', style: 'default' }] })
      .catch(() => 0)
    await expect(
      sheets.popup({ manifest, message: '3', buttons: [{ id: 'a', text: 'A', style: 'default' }] }),
    ).rejects.toMatchObject({ code: -32005 })
    const fromOther = sheets
      .confirmLink({ manifest: other, url: 'https://example.com/' })
      .catch((e: unknown) => e)
    sheets.destroy()
    await expect(fromOther).resolves.toMatchObject({ code: 4001 })
  })
})
