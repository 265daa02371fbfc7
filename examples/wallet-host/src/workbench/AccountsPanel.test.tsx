// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { AccountsPanel, formatToken } from './AccountsPanel.js'
import { createTestAccounts } from './test-accounts.js'

const MNEMONIC = 'test test test test test test test test test test test junk'
const FOREIGN_KEY = `0x${'11'.repeat(32)}`

function memoryStorage() {
  const data = new Map<string, string>()
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  }
}

async function setup() {
  const accounts = await createTestAccounts({
    mnemonic: MNEMONIC,
    count: 2,
    storage: memoryStorage(),
    keys: null,
  })
  const [first, second] = accounts.list()
  const wallet = {
    account: first,
    setAccount: vi.fn(async (address: string) => {
      wallet.account = address
    }),
  }
  const requests: Array<{ method: string; url: string; body: unknown }> = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: URL | string, init?: RequestInit) => {
      const url = String(input)
      requests.push({
        method: init?.method ?? 'GET',
        url,
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      })
      const address = decodeURIComponent(url.split('/accounts/')[1]?.split('/')[0] ?? '')
      const body =
        init?.method === 'PUT'
          ? { address, asset: 'DW20', balance: '12500000000000000000' }
          : { address, balances: { DW20: '12500000000000000000', CRC20: '0' }, crc721: ['7'], nonce: 3 }
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      })
    }),
  )
  const env = { config: { apiUrl: 'http://api.test' }, wallet, host: {}, addresses: accounts.list() } as never
  const view = render(
    <AccountsPanel devtools={{} as never} env={env} appId={undefined} accounts={accounts} />,
  )
  return { accounts, wallet, view, first: first!, second: second!, requests }
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('AccountsPanel', () => {
  test('lists the accounts with balances, CRC721 ids and the current one', async () => {
    const { view, first } = await setup()
    await waitFor(() =>
      expect(view.getAllByTestId('account-balances')[0]!.textContent).toContain('DW20 12.5'),
    )
    const rows = view.getAllByTestId('account-row')
    expect(rows).toHaveLength(2)
    expect(rows[0]!.dataset.address).toBe(first)
    expect(rows[0]!.dataset.current).toBe('true')
    expect(rows[0]!.textContent).toContain('CRC721 #7')
  })
  test('a bad key shows a typed message and adds nothing; a good one is imported and the field emptied', async () => {
    const { view, accounts } = await setup()
    const field = view.container.querySelector('#wb-import-key') as HTMLInputElement
    expect(field.type).toBe('password')
    fireEvent.input(field, { target: { value: '0x1234' } })
    fireEvent.submit(field.form!)
    await waitFor(() => expect(view.getByRole('alert').textContent).toMatch(/Not a private key/))
    expect(accounts.list()).toHaveLength(2)
    fireEvent.input(field, { target: { value: FOREIGN_KEY } })
    fireEvent.submit(field.form!)
    await waitFor(() => expect(view.getAllByTestId('account-row')).toHaveLength(3))
    expect(field.value).toBe('')
    expect(view.container.innerHTML).not.toContain(FOREIGN_KEY.slice(2))
  })
  test('switch, preset and set balance go to the wallet, the accounts and the sandbox', async () => {
    const { view, wallet, accounts, second, requests } = await setup()
    fireEvent.click(view.getByRole('button', { name: `Switch to ${second}` }))
    await waitFor(() => expect(wallet.setAccount).toHaveBeenCalledWith(second))
    fireEvent.change(view.getAllByTestId('account-preset')[1]!, { target: { value: 'reject-all' } })
    expect(accounts.preset(second)).toBe('reject-all')
    fireEvent.input(view.container.querySelector('#wb-balance-amount')!, { target: { value: '12.5' } })
    fireEvent.submit(view.container.querySelector('#wb-balance-amount')!.closest('form')!)
    await waitFor(() => expect(requests.some((r) => r.method === 'PUT')).toBe(true))
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ asset: 'DW20', amount: '12.5' })
  })
  test('formatToken shows at most 6 decimals and refuses garbage', () => {
    expect(formatToken('1234567890000000000')).toBe('1.234567')
    expect(formatToken('1000000000000000000')).toBe('1')
    expect(formatToken('-1')).toBe('—')
    expect(formatToken(undefined)).toBe('—')
  })
})
