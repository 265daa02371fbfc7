// @vitest-environment happy-dom
import { UserRejectedError } from '@chainless/protocol'
import { fireEvent, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { createSheetUi, type SheetUi } from './adapter.js'
import { ADDRESS, manifest, transaction, typedData } from './fixtures.js'

let ui: SheetUi | undefined
afterEach(() => ui?.destroy())

const click = async (name: string | RegExp) => fireEvent.click(await screen.findByRole('button', { name }))

describe('createSheetUi', () => {
  it('refuses typed data it cannot show (4xx typed error), and the next request still shows', async () => {
    ui = createSheetUi()
    const hostile = [
      { ...typedData, types: { ...typedData.types, [typedData.primaryType]: 'x' } },
      { ...typedData, primaryType: 'constructor' },
      { ...typedData, types: { ...typedData.types, [typedData.primaryType]: [null] } },
    ]
    for (const bad of hostile) {
      const p = ui.signTypedData({ manifest, address: ADDRESS, typedData: bad as never })
      // Either shown safely (and rejected by the user) or refused as invalid: never a stuck queue.
      const settled = await Promise.race([
        p.then(
          () => 'confirmed',
          (e: { code: number }) => e.code,
        ),
        screen.findByRole('dialog').then(async () => {
          await click('Reject')
          return p.catch((e: { code: number }) => e.code)
        }),
      ])
      expect([4001, -32602]).toContain(settled)
    }
    const next = ui.signMessage({ manifest, address: ADDRESS, message: 'still here' })
    await click('Reject')
    await expect(next).rejects.toMatchObject({ code: 4001 })
  })

  it('resolves consent with the typed decision, through the second confirmation', async () => {
    ui = createSheetUi()
    const decision = ui.consent({ manifest, scopes: ['user:basic', 'user:email'] })
    await click('Continue')
    await click('Share')
    await expect(decision).resolves.toEqual({ granted: ['user:basic', 'user:email'] })
    expect(screen.queryByRole('dialog')).toBeNull()
  })
  it('rejects with UserRejectedError (4001) on reject, close and Escape', async () => {
    ui = createSheetUi()
    const a = ui.signMessage({ manifest, address: ADDRESS, message: 'hi' })
    await click('Reject')
    await expect(a).rejects.toBeInstanceOf(UserRejectedError)
    const b = ui.signTypedData({ manifest, address: ADDRESS, typedData })
    await click('Close')
    await expect(b).rejects.toMatchObject({ code: 4001 })
    const c = ui.securityNotice({ manifest, reportUrl: 'https://x.example' })
    await screen.findByRole('dialog')
    fireEvent.keyDown(document, { key: 'Escape' })
    await expect(c).rejects.toBeInstanceOf(UserRejectedError)
  })
  it('renders into the given container in the given theme and locale, and follows changes', async () => {
    const container = document.createElement('div')
    document.body.append(container)
    ui = createSheetUi({ container, theme: 'dark', locale: 'zh-CN' })
    const p = ui.appInfo({ manifest, grants: ['user:basic'] })
    const dialog = await screen.findByRole('dialog', { name: '应用信息' })
    expect(container.contains(dialog)).toBe(true)
    expect(container.querySelector('.cl-root')?.getAttribute('data-theme')).toBe('dark')
    ui.setTheme('light')
    ui.setLocale('en')
    await screen.findByRole('dialog', { name: 'App info' })
    expect(container.querySelector('.cl-root')?.getAttribute('data-theme')).toBe('light')
    await click('Done')
    await expect(p).resolves.toEqual({ revoke: [] })
    container.remove()
  })
  it('closes the sheet and rejects with signal.reason on abort; an aborted signal rejects at once', async () => {
    ui = createSheetUi()
    const controller = new AbortController()
    const p = ui.transaction({ ...transaction, signal: controller.signal })
    await screen.findByRole('dialog', { name: 'Confirm transaction' })
    const reason = new Error('app went away')
    controller.abort(reason)
    await expect(p).rejects.toBe(reason)
    expect(screen.queryByRole('dialog')).toBeNull()
    await expect(
      ui.consent({ manifest, scopes: ['user:basic'], signal: AbortSignal.abort('gone') }),
    ).rejects.toBe('gone')
  })
  it('shows one sheet at a time, in order; aborting a queued one removes it', async () => {
    ui = createSheetUi()
    const first = ui.securityNotice({ manifest, reportUrl: 'https://x.example' })
    const controller = new AbortController()
    const second = ui.signMessage({
      manifest,
      address: ADDRESS,
      message: 'second',
      signal: controller.signal,
    })
    const third = ui.consent({ manifest, scopes: ['user:basic'] })
    expect(screen.getAllByRole('dialog')).toHaveLength(1)
    controller.abort(new Error('x'))
    await expect(second).rejects.toThrow('x')
    await click('Continue')
    await expect(first).resolves.toEqual({ confirmed: true })
    await click('Allow')
    await expect(third).resolves.toEqual({ granted: ['user:basic'] })
  })
  it('destroy rejects everything pending and removes its container', async () => {
    ui = createSheetUi()
    const p = ui.consent({ manifest, scopes: ['user:basic'] })
    await screen.findByRole('dialog')
    expect(document.querySelector('[data-chainless-ui]')).not.toBeNull()
    ui.destroy()
    await expect(p).rejects.toBeInstanceOf(UserRejectedError)
    expect(document.querySelector('[data-chainless-ui]')).toBeNull()
    await expect(ui.consent({ manifest, scopes: ['user:basic'] })).rejects.toBeInstanceOf(UserRejectedError)
  })
})
