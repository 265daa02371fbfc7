import type { UiAdapter } from '@chainless/protocol'
import { describe, expect, test, vi } from 'vitest'
import { autoDecide } from './auto-decide.js'
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
})
