import type { UiAdapter } from '@chainless/protocol'
import { describe, expect, test, vi } from 'vitest'
import { type AccountPreset, autoDecide, isAccountPreset } from './auto-decide.js'
import type { AutoDecide } from './prefs.js'

const manifest = { appId: 'a' } as never
function fake() {
  const asked = vi.fn(async () => ({ confirmed: true as const }))
  const ui = {
    consent: vi.fn(async () => ({ granted: [] })),
    signMessage: asked,
    signTypedData: asked,
    transaction: asked,
    securityNotice: asked,
    appInfo: vi.fn(async () => ({ revoke: [] })),
  } as unknown as UiAdapter
  return { ui, asked }
}

describe('autoDecide', () => {
  test('off asks the user', async () => {
    const { ui, asked } = fake()
    const wrapped = autoDecide(ui, () => 'off')
    await wrapped.transaction({ manifest } as never)
    expect(asked).toHaveBeenCalledTimes(1)
  })
  test('approve grants every scope asked and confirms without a sheet', async () => {
    const { ui, asked } = fake()
    const wrapped = autoDecide(ui, () => 'approve')
    await expect(wrapped.consent({ manifest, scopes: ['user:basic', 'tx:sign'] })).resolves.toEqual({
      granted: ['user:basic', 'tx:sign'],
    })
    await expect(wrapped.signMessage({ manifest } as never)).resolves.toEqual({ confirmed: true })
    expect(asked).not.toHaveBeenCalled()
  })
  test('reject answers 4001; the security notice still asks', async () => {
    const { ui, asked } = fake()
    let mode: AutoDecide = 'reject'
    const wrapped = autoDecide(ui, () => mode)
    await expect(wrapped.transaction({ manifest } as never)).rejects.toMatchObject({ code: 4001 })
    await wrapped.securityNotice({ manifest } as never)
    expect(asked).toHaveBeenCalledTimes(1)
    mode = 'off'
    await wrapped.signTypedData({ manifest } as never)
    expect(asked).toHaveBeenCalledTimes(2)
  })

  test('reject-all refuses consent, signing and sending without a sheet, even with approve on', async () => {
    const { ui, asked } = fake()
    const wrapped = autoDecide(
      ui,
      () => 'approve',
      () => 'reject-all',
    )
    await expect(wrapped.consent({ manifest, scopes: ['user:basic'] })).rejects.toMatchObject({ code: 4001 })
    await expect(wrapped.signMessage({ manifest } as never)).rejects.toMatchObject({ code: 4001 })
    await expect(wrapped.signTypedData({ manifest } as never)).rejects.toMatchObject({ code: 4001 })
    await expect(wrapped.transaction({ manifest, kind: 'payment' } as never)).rejects.toMatchObject({
      code: 4001,
    })
    expect(asked).not.toHaveBeenCalled()
    expect(ui.consent).not.toHaveBeenCalled()
  })
  test('read-only lets an app connect but refuses signing, sending and paying', async () => {
    const { ui, asked } = fake()
    const wrapped = autoDecide(
      ui,
      () => 'off',
      () => 'read-only',
    )
    await wrapped.consent({ manifest, scopes: ['user:basic'] })
    expect(ui.consent).toHaveBeenCalledTimes(1)
    await expect(wrapped.signMessage({ manifest } as never)).rejects.toMatchObject({ code: 4001 })
    await expect(wrapped.transaction({ manifest } as never)).rejects.toMatchObject({ code: 4001 })
    await expect(wrapped.transaction({ manifest, kind: 'payment' } as never)).rejects.toMatchObject({
      code: 4001,
    })
    expect(asked).not.toHaveBeenCalled()
  })
  test('the preset is read per request: switching accounts applies to the next sheet', async () => {
    const { ui, asked } = fake()
    let preset: AccountPreset = 'reject-all'
    const wrapped = autoDecide(
      ui,
      () => 'off',
      () => preset,
    )
    await expect(wrapped.signMessage({ manifest } as never)).rejects.toMatchObject({ code: 4001 })
    preset = 'normal'
    await wrapped.signMessage({ manifest } as never)
    expect(asked).toHaveBeenCalledTimes(1)
  })
  test('a preset callback that throws or answers garbage counts as normal', async () => {
    const { ui, asked } = fake()
    const throwing = autoDecide(
      ui,
      () => 'off',
      () => {
        throw new Error('no account')
      },
    )
    await throwing.transaction({ manifest } as never)
    const garbage = autoDecide(
      ui,
      () => 'off',
      () => 'admin' as AccountPreset,
    )
    await garbage.transaction({ manifest } as never)
    expect(asked).toHaveBeenCalledTimes(2)
    expect(isAccountPreset('read-only')).toBe(true)
    expect(isAccountPreset('READ-ONLY')).toBe(false)
  })
})
