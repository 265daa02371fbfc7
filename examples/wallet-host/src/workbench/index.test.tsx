// @vitest-environment happy-dom
import 'fake-indexeddb/auto'
import { act, cleanup } from '@testing-library/preact'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { WalletConfig, WalletEnv } from '../ui/env.js'
import { createWorkbench } from './index.js'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const MNEMONIC = 'test test test test test test test test test test test junk'
const config = { apiUrl: 'http://localhost:8787', chainId: 49569, workbench: true } as WalletConfig
const rule = {
  id: 'r1',
  appId: '*',
  method: 'eth_sendTransaction',
  action: { kind: 'error', code: 4001 },
  enabled: true,
}

function stubMocks(answer: () => Response) {
  const fetch = vi.fn(async (_url: URL | string) => answer())
  vi.stubGlobal('fetch', fetch)
  return fetch
}

const env = (): WalletEnv =>
  ({
    config,
    host: { storage: undefined, grants: { entries: () => [] } },
    wallet: undefined,
    addresses: [],
  }) as unknown as WalletEnv

describe('createWorkbench', () => {
  test('the test accounts sign; attach loads the persisted mock rules from the sandbox', async () => {
    const fetch = stubMocks(() => Response.json({ rules: [rule] }))
    const workbench = await createWorkbench({ config, mnemonic: MNEMONIC })
    expect(await workbench.accounts.getAddresses()).toHaveLength(10)
    expect(workbench.devtools.mocks.list()).toEqual([])
    workbench.attach(env())
    await vi.waitFor(() => expect(workbench.devtools.mocks.list()).toHaveLength(1))
    expect(String(fetch.mock.calls[0]![0])).toBe('http://localhost:8787/__sandbox/mocks')
  })

  test('a sandbox without the route, or rules the devtools refuse, leave the rules as they are', async () => {
    stubMocks(() => new Response('nope', { status: 404 }))
    const workbench = await createWorkbench({ config, mnemonic: MNEMONIC })
    workbench.attach(env())
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(workbench.devtools.mocks.list()).toEqual([])
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    stubMocks(() => Response.json({ rules: [{ ...rule, id: 'bad id!' }] }))
    const other = await createWorkbench({ config, mnemonic: MNEMONIC })
    other.attach(env())
    await vi.waitFor(() => expect(warn).toHaveBeenCalled())
    expect(other.devtools.mocks.list()).toEqual([])
  })

  test('a render before attach waits for the env, then shows the panel', async () => {
    stubMocks(() => Response.json({ rules: [] }))
    const workbench = await createWorkbench({ config, mnemonic: MNEMONIC })
    const container = document.createElement('div')
    document.body.append(container)
    workbench.render(container, undefined)
    expect(container.querySelector('[data-testid=workbench]')).toBeNull()
    await act(() => workbench.attach(env()))
    const root = container.querySelector('[data-testid=workbench]')!
    expect(root).not.toBeNull()
    expect([...root.querySelectorAll('[role=tab]')].map((tab) => tab.textContent)).toEqual([
      'Bridge',
      'Platform',
      'Storage',
      'Performance',
      'Mocks',
      'Accounts',
      'Contracts',
      'Data',
    ])
    await act(() => workbench.render(container, 'hello'))
    expect(container.querySelector('[data-testid=workbench]')!.getAttribute('data-app-id')).toBe('hello')
  })
})
