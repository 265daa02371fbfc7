// @vitest-environment happy-dom
import type { Devtools } from '@chainless/runtime-host/devtools'
import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { WalletEnv } from '../ui/env.js'
import { parseValue, StoragePanel } from './StoragePanel.js'
import type { TestAccountsApi } from './test-accounts.js'

afterEach(cleanup)

const ACCOUNT = '0x1111111111111111111111111111111111111111'

function setup() {
  const data = new Map<string, unknown>([['greeting', { text: 'hi' }]])
  const scopes = new Set(['user:basic', 'tx:sign'])
  const storage = {
    list: vi.fn(async () => ({
      entries: [...data].map(([key, value]) => ({ key, value })),
      usedBytes: 120,
      quotaBytes: 5_000_000,
    })),
    remove: vi.fn(async (_app: string, key: string) => void data.delete(key)),
    clear: vi.fn(async () => data.clear()),
  }
  const grants = {
    entries: () => (scopes.size ? [{ appId: 'hello', account: ACCOUNT, scopes: [...scopes] }] : []),
    revoke: vi.fn((_app: string, _account: string, list: string[]) => {
      for (const s of list) scopes.delete(s)
    }),
  }
  const callAs = vi.fn(async (_app: string, _method: string, params: { key: string; value: unknown }) => {
    data.set(params.key, params.value)
    return null
  })
  const env = {
    config: {},
    host: { storage, grants },
    wallet: undefined,
    addresses: [],
  } as unknown as WalletEnv
  const view = render(
    <StoragePanel
      devtools={{ callAs } as unknown as Devtools}
      env={env}
      appId="hello"
      accounts={{} as TestAccountsApi}
    />,
  )
  return { ...view, data, storage, grants, callAs }
}

describe('parseValue', () => {
  test('JSON or the parser reason', () => {
    expect(parseValue('{"a":[1,true,null]}')).toEqual({ ok: true, value: { a: [1, true, null] } })
    expect(parseValue('{a:1}')).toMatchObject({ ok: false })
    expect(parseValue('')).toMatchObject({ ok: false })
  })
})

describe('StoragePanel', () => {
  test('lists entries with the quota; a bad edit writes nothing; a good one writes as the app', async () => {
    const { findByText, getByRole, getByLabelText, callAs, data, container } = setup()
    await findByText('greeting')
    expect(container.textContent).toContain('of 5 MB used')
    fireEvent.click(getByRole('button', { name: 'Edit greeting' }))
    fireEvent.input(getByLabelText('Value (JSON)'), { target: { value: '{oops' } })
    fireEvent.click(getByRole('button', { name: 'Save' }))
    await findByText(/Not JSON/)
    expect(callAs).not.toHaveBeenCalled()
    fireEvent.input(getByLabelText('Value (JSON)'), { target: { value: '{"text":"edited"}' } })
    await act(async () => {
      fireEvent.click(getByRole('button', { name: 'Save' }))
    })
    await waitFor(() =>
      expect(callAs).toHaveBeenCalledWith('hello', 'storageSet', {
        key: 'greeting',
        value: { text: 'edited' },
      }),
    )
    expect(data.get('greeting')).toEqual({ text: 'edited' })
  })

  test('remove a key; clear asks first; revoke one scope', async () => {
    const { findByText, getByRole, storage, grants } = setup()
    await findByText('greeting')
    fireEvent.click(getByRole('button', { name: 'Clear all' }))
    expect(storage.clear).not.toHaveBeenCalled()
    expect(getByRole('button', { name: 'Cancel' })).toBeTruthy()
    fireEvent.click(getByRole('button', { name: 'Cancel' }))
    await act(async () => {
      fireEvent.click(getByRole('button', { name: 'Remove greeting' }))
    })
    await waitFor(() => expect(storage.remove).toHaveBeenCalledWith('hello', 'greeting'))
    await findByText('This app has stored nothing.')
    await act(async () => {
      fireEvent.click(getByRole('button', { name: /Revoke tx:sign/ }))
    })
    expect(grants.revoke).toHaveBeenCalledWith('hello', ACCOUNT, ['tx:sign'])
  })
})
