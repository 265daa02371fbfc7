// @vitest-environment happy-dom
import { LimitExceededError, UserRejectedError } from '@chainless/protocol'
import { fireEvent, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSheetUi, type SheetUi } from './adapter.js'
import { ADDRESS, batch, manifest, paymentNative, transaction, typedData } from './fixtures.js'
import { addLocale } from './i18n.js'
import { zhCN } from './locales/zh-CN.js'

addLocale('zh-CN', zhCN)

let ui: SheetUi | undefined
afterEach(() => ui?.destroy())

const click = async (name: string | RegExp) => fireEvent.click(await screen.findByRole('button', { name }))

describe('createSheetUi', () => {
  it('refuses typed data it cannot show (4xx typed error), and the next request still shows', async () => {
    ui = createSheetUi({ primaryActionDelayMs: 0 })
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
    ui = createSheetUi({ primaryActionDelayMs: 0 })
    const decision = ui.consent({ manifest, scopes: ['user:basic', 'user:email'] })
    await click('Continue')
    await click('Share')
    await expect(decision).resolves.toEqual({ granted: ['user:basic', 'user:email'] })
    expect(screen.queryByRole('dialog')).toBeNull()
  })
  it('passes the account to the connect sheet, and a payment and a batch to the transaction sheet', async () => {
    ui = createSheetUi({ primaryActionDelayMs: 0 })
    const decision = ui.consent({ manifest, scopes: ['user:basic', 'tx:sign'], account: ADDRESS })
    await screen.findByText('Needed to connect')
    fireEvent.click(screen.getByRole('checkbox', { name: /sign transactions/ }))
    await click('Allow')
    await expect(decision).resolves.toEqual({ granted: ['user:basic'] })
    const pay = ui.transaction(paymentNative)
    await screen.findByRole('dialog', { name: 'Confirm payment' })
    await click('Confirm')
    await expect(pay).resolves.toEqual({ confirmed: true })
    const calls = ui.transaction(batch)
    await screen.findByRole('dialog', { name: 'Confirm 3 actions' })
    await click('Confirm')
    await expect(calls).resolves.toEqual({ confirmed: true })
  })
  it('rejects with UserRejectedError (4001) on reject, close and Escape', async () => {
    ui = createSheetUi({ primaryActionDelayMs: 0 })
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
    ui = createSheetUi({ container, theme: 'dark', locale: 'zh-CN', primaryActionDelayMs: 0 })
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
    ui = createSheetUi({ primaryActionDelayMs: 0 })
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
    ui = createSheetUi({ primaryActionDelayMs: 0 })
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
    ui = createSheetUi({ primaryActionDelayMs: 0 })
    const p = ui.consent({ manifest, scopes: ['user:basic'] })
    await screen.findByRole('dialog')
    expect(document.querySelector('[data-chainless-ui]')).not.toBeNull()
    ui.destroy()
    await expect(p).rejects.toBeInstanceOf(UserRejectedError)
    expect(document.querySelector('[data-chainless-ui]')).toBeNull()
    await expect(ui.consent({ manifest, scopes: ['user:basic'] })).rejects.toBeInstanceOf(UserRejectedError)
  })

  it('opens each queued request fresh: no state of the sheet before it (issue 7, item 1)', async () => {
    ui = createSheetUi({ primaryActionDelayMs: 0 })
    const appB = { ...manifest, appId: 'app-b', name: 'App B' }
    const a = ui.consent({ manifest, scopes: ['user:basic', 'user:phone'] })
    const b = ui.consent({ manifest: appB, scopes: ['user:basic', 'user:email'] })
    await click('Continue')
    await screen.findByRole('dialog', { name: 'Share personal information?' })
    await click(/^Share$/)
    await expect(a).resolves.toEqual({ granted: ['user:basic', 'user:phone'] })
    // B starts at its first step: "Don't share" here would grant scopes the user never saw.
    const sheet = await screen.findByRole('dialog', { name: 'Authorization request' })
    expect(sheet.textContent).toContain('App B')
    await click('Deny')
    await expect(b).rejects.toBeInstanceOf(UserRejectedError)

    const danger = { ...transaction, warnings: [{ level: 'danger' as const, message: 'Unlimited approval' }] }
    const first = ui.transaction(danger)
    const second = ui.transaction(danger)
    fireEvent.click(await screen.findByRole('checkbox'))
    await click('Confirm')
    await expect(first).resolves.toEqual({ confirmed: true })
    // The second opens with its box unticked and Confirm disabled.
    await vi.waitFor(() => expect((screen.getByRole('checkbox') as HTMLInputElement).checked).toBe(false))
    expect(screen.getByRole('button', { name: 'Confirm' }).hasAttribute('disabled')).toBe(true)
    await click('Reject')
    await expect(second).rejects.toMatchObject({ code: 4001 })
  })
  it('holds the primary action of every sheet it opens for the arming delay', async () => {
    ui = createSheetUi({ primaryActionDelayMs: 80 })
    const first = ui.securityNotice({ manifest, reportUrl: 'https://x.example' })
    const second = ui.securityNotice({ manifest, reportUrl: 'https://x.example' })
    const go = await screen.findByRole('button', { name: 'Continue' })
    expect(go.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(go)
    await vi.waitFor(() => expect(go.hasAttribute('aria-disabled')).toBe(false))
    fireEvent.click(go)
    await expect(first).resolves.toEqual({ confirmed: true })
    // A double tap: the second tap lands on the next sheet's Continue at once, and is ignored.
    const next = await screen.findByRole('button', { name: 'Continue' })
    expect(next.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(next)
    await new Promise((r) => setTimeout(r, 20))
    let settled = false
    void second.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    await vi.waitFor(() => expect(next.hasAttribute('aria-disabled')).toBe(false))
    fireEvent.click(next)
    await expect(second).resolves.toEqual({ confirmed: true })
  })
  it('bounds the queue per app: the excess rejects at once with LimitExceededError (-32005)', async () => {
    ui = createSheetUi({ primaryActionDelayMs: 0, maxPendingPerApp: 2 })
    const other = { ...manifest, appId: 'other' }
    const kept = [ui.signMessage({ manifest, address: ADDRESS, message: '1' })]
    kept.push(ui.signMessage({ manifest, address: ADDRESS, message: '2' }))
    const refused = ui.signMessage({ manifest, address: ADDRESS, message: '3' })
    await expect(refused).rejects.toBeInstanceOf(LimitExceededError)
    await expect(refused).rejects.toMatchObject({ code: -32005 })
    // Another app still gets its turn.
    const fromOther = ui.consent({ manifest: other, scopes: ['user:basic'] })
    await click('Reject')
    await expect(kept[0]).rejects.toMatchObject({ code: 4001 })
    // A slot freed is a slot again.
    kept.push(ui.signMessage({ manifest, address: ADDRESS, message: '4' }))
    await click('Reject')
    await click('Allow')
    await expect(fromOther).resolves.toEqual({ granted: ['user:basic'] })
    await click('Reject')
    await expect(Promise.allSettled(kept)).resolves.toHaveLength(3)
  })
  it('defaults to 5 pending requests per app', async () => {
    ui = createSheetUi({ primaryActionDelayMs: 0 })
    const pending = Array.from({ length: 5 }, () =>
      ui!.signMessage({ manifest, address: ADDRESS, message: 'x' }),
    )
    await expect(ui.signMessage({ manifest, address: ADDRESS, message: 'x' })).rejects.toMatchObject({
      code: -32005,
    })
    ui.destroy()
    await expect(Promise.allSettled(pending)).resolves.toHaveLength(5)
  })
  it('passes sign warnings to the sheet', async () => {
    ui = createSheetUi({ primaryActionDelayMs: 0 })
    const warnings = [{ level: 'danger' as const, message: 'SIWE domain is not the app origin' }]
    const p = ui.signMessage({ manifest, address: ADDRESS, message: 'hi', warnings })
    const sign = await screen.findByRole('button', { name: 'Sign' })
    expect(sign.hasAttribute('disabled')).toBe(true)
    fireEvent.click(screen.getByRole('checkbox'))
    await click('Sign')
    await expect(p).resolves.toEqual({ confirmed: true })
    const q = ui.signTypedData({ manifest, address: ADDRESS, typedData, warnings })
    expect((await screen.findByRole('button', { name: 'Sign' })).hasAttribute('disabled')).toBe(true)
    await click('Reject')
    await expect(q).rejects.toMatchObject({ code: 4001 })
  })
})
