// @vitest-environment happy-dom
import { MemoryGrantStore } from '@chainless/runtime-host'
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { DataPanel, resetApp } from './DataPanel.js'

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

function fakeEnv(options: { platformDown?: boolean } = {}) {
  const grants = new MemoryGrantStore()
  grants.grant('shop', A, ['user:basic', 'tx:sign'])
  grants.grant('shop', B, ['user:basic'])
  grants.grant('other', A, ['user:basic'])
  const storage = { clear: vi.fn(async () => undefined), list: vi.fn(), remove: vi.fn() }
  const wallet = {
    disconnect: vi.fn(async (appId: string, account: string) => {
      grants.revoke(appId, account, grants.list(appId, account))
    }),
    forgetApp: vi.fn(async () => ({ transactions: 2 })),
  }
  const fetchMock = vi.fn(async (input: URL | string) => {
    if (options.platformDown) throw new TypeError('Failed to fetch')
    expect(String(input)).toBe('http://api.test/__sandbox/apps/shop/reset')
    return new Response(JSON.stringify({ appId: 'shop', cleared: { storage: 3, tokens: 1, mocks: 0 } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  })
  vi.stubGlobal('fetch', fetchMock)
  const env = { config: { apiUrl: 'http://api.test' }, host: { grants, storage }, wallet, addresses: [A, B] }
  return { env: env as never, grants, storage, wallet, fetchMock }
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('resetApp', () => {
  test('clears the app’s storage, grants of every account, pending transactions and platform data; not other apps', async () => {
    const { env, grants, storage, wallet, fetchMock } = fakeEnv()
    const parts = await resetApp(env, 'shop')
    expect(parts.map((p) => [p.part, p.ok])).toEqual([
      ['storage', true],
      ['grants', true],
      ['transactions', true],
      ['platform', true],
    ])
    expect(storage.clear).toHaveBeenCalledWith('shop')
    expect(storage.clear).toHaveBeenCalledTimes(1)
    expect(wallet.disconnect.mock.calls.map((c) => c[1]).sort()).toEqual([A, B].sort())
    expect(grants.list('shop', A)).toEqual([])
    expect(grants.list('other', A)).toEqual(['user:basic'])
    expect(wallet.forgetApp).toHaveBeenCalledWith('shop')
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(parts[3]!.detail).toBe('storage 3 · tokens 1 · mocks 0')
  })
  test('a part that fails is reported and the others still run', async () => {
    const { env, storage, wallet } = fakeEnv({ platformDown: true })
    const parts = await resetApp(env, 'shop')
    expect(parts.find((p) => p.part === 'platform')).toMatchObject({ ok: false })
    expect(parts.filter((p) => p.ok)).toHaveLength(3)
    expect(storage.clear).toHaveBeenCalled()
    expect(wallet.forgetApp).toHaveBeenCalled()
  })
})

describe('DataPanel', () => {
  test('without an open app there is nothing to reset', () => {
    const { env } = fakeEnv()
    const view = render(
      <DataPanel devtools={{} as never} env={env} appId={undefined} accounts={{} as never} />,
    )
    expect(view.queryByRole('button')).toBeNull()
  })
  test('one click resets the open app and shows a summary per part', async () => {
    const { env } = fakeEnv()
    const view = render(<DataPanel devtools={{} as never} env={env} appId="shop" accounts={{} as never} />)
    fireEvent.click(view.getByRole('button', { name: 'Reset shop' }))
    await waitFor(() => expect(view.getByTestId('reset-summary').dataset.ok).toBe('true'))
    expect(view.getByTestId('reset-summary').querySelectorAll('li')).toHaveLength(4)
    expect(view.getByTestId('reset-summary').textContent).toContain('2 dropped')
  })
})
