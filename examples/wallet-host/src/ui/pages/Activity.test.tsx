// @vitest-environment happy-dom
import type { TxRecord, WalletController } from '@chainless/runtime-host'
import { cleanup, render, screen, within } from '@testing-library/preact'
import { afterEach, describe, expect, test } from 'vitest'
import { EnvContext, type WalletEnv, WalletI18nContext } from '../env.js'
import { walletTranslator } from '../strings.js'
import { ActivityPage } from './Activity.js'

afterEach(cleanup)

const record = (hash: string, state: TxRecord['state']): TxRecord => ({
  hash,
  appId: 'web3-demo',
  account: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  chainId: 49569,
  state,
  createdAt: 1,
  updatedAt: 1,
})

/** The page over a wallet whose tracker holds `records` (only what the page reads). */
function renderActivity(records: TxRecord[], locale: 'en' | 'zh-CN' = 'en') {
  const wallet = {
    transactions: async () => records,
    audit: { list: async () => [] },
  } as unknown as WalletController
  const env = { wallet } as unknown as WalletEnv
  return render(
    <EnvContext.Provider value={env}>
      <WalletI18nContext.Provider value={{ locale, t: walletTranslator(locale) }}>
        <ActivityPage current version={0} />
      </WalletI18nContext.Provider>
    </EnvContext.Provider>,
  )
}

describe('ActivityPage', () => {
  test('a dropped transaction reads "Dropped" and says why, as the row\'s description', async () => {
    const dropped = `0x${'d1'.repeat(32)}`
    const pending = `0x${'a1'.repeat(32)}`
    const { container } = renderActivity([record(dropped, 'dropped'), record(pending, 'pending')])
    const row = await screen.findByTitle(dropped)
    expect(within(row).getByText('Dropped')).toBeTruthy()
    const hint = within(row).getByTestId('tx-dropped-hint')
    expect(hint.textContent).toMatch(/restarted.*never ran.*Send it again/)
    expect(row.getAttribute('aria-describedby')).toBe(hint.id)
    // Only the dropped row explains itself; a pending one is just pending.
    const other = container.querySelector(`[data-hash="${pending}"]`)!
    expect(within(other as HTMLElement).getByText('Pending')).toBeTruthy()
    expect(other.querySelector('[data-testid=tx-dropped-hint]')).toBeNull()
    expect(other.hasAttribute('aria-describedby')).toBe(false)
  })

  test('in Chinese too', async () => {
    const hash = `0x${'d2'.repeat(32)}`
    renderActivity([record(hash, 'dropped')], 'zh-CN')
    const row = await screen.findByTitle(hash)
    expect(within(row).getByText('已丢弃')).toBeTruthy()
    expect(within(row).getByTestId('tx-dropped-hint').textContent).toContain('链已重启')
  })
})
