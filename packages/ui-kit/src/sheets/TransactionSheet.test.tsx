// @vitest-environment happy-dom
import type { TransactionRequest } from '@chainless/protocol'
import { act, cleanup, fireEvent, render as mount, screen, within } from '@testing-library/preact'
import type { ComponentChildren, VNode } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ArmDelayContext, PRIMARY_ACTION_DELAY_MS } from '../components/armed.js'
import { UiProvider } from '../components/UiProvider.js'
import {
  batch,
  PAYEE,
  paymentNative,
  paymentToken,
  sponsoredTransaction,
  TOKEN,
  transaction,
  UNKNOWN,
} from '../fixtures.js'
import { addLocale } from '../i18n.js'
import { zhCN } from '../locales/zh-CN.js'
import { TransactionSheet } from './TransactionSheet.js'

addLocale('zh-CN', zhCN)
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const NoDelay = ({ children }: { children?: ComponentChildren }) => (
  <ArmDelayContext.Provider value={0}>{children}</ArmDelayContext.Provider>
)
const render = (ui: VNode) => mount(ui, { wrapper: NoDelay })
const callbacks = () => ({ onDecision: vi.fn(), onReject: vi.fn() })
type Request = Omit<TransactionRequest, 'signal'>
const sheet = (r: Request, cb = callbacks()) => {
  render(<TransactionSheet {...r} {...cb} />)
  return cb
}
const confirmButton = () => screen.getByRole('button', { name: 'Confirm' }) as HTMLButtonElement
/** Text as read, without the visual thin spaces that group a full address. */
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replaceAll('\u2009', '')
/** The `<dd>` of the row labelled `label`. */
const row = (label: string, root: ParentNode = document) =>
  [...root.querySelectorAll('dt')].find((dt) => dt.textContent === label)?.nextElementSibling
const cannotConfirm = (r: Request, why: string) => {
  const cb = sheet(r)
  expect(confirmButton().disabled, why).toBe(true)
  expect(screen.getByText(/cannot be shown/), why).toBeTruthy()
  fireEvent.click(confirmButton())
  expect(cb.onDecision, why).not.toHaveBeenCalled()
  cleanup()
}

describe('TransactionSheet: a contract call', () => {
  it('shows the decoded call, the value and the fee line with who pays, all from the request', () => {
    const cb = sheet({ ...transaction, warnings: [] })
    const dialog = screen.getByRole('dialog', { name: 'Confirm transaction' })
    expect(within(dialog).getByText('Demo Token (CRC20)')).toBeTruthy()
    expect(within(dialog).getByText('transfer(address,uint256)')).toBeTruthy()
    expect(within(dialog).getByText('1.0 DEMO')).toBeTruthy()
    expect(text(row('To'))).toContain(transaction.to)
    expect(text(row('Amount'))).toBe('0DW20')
    expect(text(row('Network fee'))).toBe('≤ 0.000021DW20 — you pay')
    expect(screen.queryByText('Sponsored')).toBeNull()
    expect(screen.queryByText('Unknown contract')).toBeNull()
    // The raw data stays available, collapsed, with its size.
    const details = row('Data')!.querySelector('details')!
    expect(details.open).toBe(false)
    expect(details.querySelector('summary')!.textContent).toBe('Show all')
    expect(details.textContent).toContain(transaction.data)
    fireEvent.click(confirmButton())
    expect(cb.onDecision).toHaveBeenCalledWith({ confirmed: true })
  })
  it('flags an unknown contract when data is sent and nothing decoded it; not for a plain transfer', () => {
    sheet({ ...transaction, to: UNKNOWN, decoded: undefined, warnings: [] })
    expect(text(row('To'))).toContain('Unknown contract')
    expect(text(row('To'))).toContain(UNKNOWN)
    expect(screen.queryByText('Action')).toBeNull()
    expect(row('Data')!.textContent).toContain(transaction.data)
    cleanup()
    for (const data of [undefined, '0x', '']) {
      sheet({ ...transaction, to: UNKNOWN, decoded: undefined, data, value: '1', warnings: [] })
      expect(screen.queryByText('Unknown contract')).toBeNull()
      expect(row('Data')).toBeUndefined()
      cleanup()
    }
  })
  it('shows exactly what it was given: no rounding, no re-casing, the fee as sent', () => {
    const lower = UNKNOWN.toLowerCase()
    sheet({
      ...transaction,
      to: lower,
      value: '1000000000000000001',
      fee: { ...transaction.fee, amount: '123456789012345678' },
      warnings: [],
    })
    expect(text(row('To'))).toContain(lower)
    expect(text(row('To'))).not.toContain(UNKNOWN)
    expect(text(row('Amount'))).toBe('1.000000000000000001DW20')
    expect(text(row('Network fee'))).toBe('≤ 0.123456789012345678DW20 — you pay')
  })
  it('a sponsored transaction says the platform pays, with a badge', () => {
    sheet(sponsoredTransaction)
    const fee = row('Network fee')!
    expect(text(fee)).toContain('≤ 0.000064DW20 — paid by the platform (sponsored)')
    expect(within(fee as HTMLElement).getByText('Sponsored').className).toContain('cl-badge-success')
    expect(text(fee)).not.toContain('you pay')
    expect(screen.getByText('Chainless Dev')).toBeTruthy()
  })
  it('a payer that is not "platform" is never shown as sponsored', () => {
    sheet({ ...transaction, fee: { ...transaction.fee, payer: 'Platform' as never }, warnings: [] })
    expect(text(row('Network fee'))).toContain('— you pay')
    expect(screen.queryByText('Sponsored')).toBeNull()
  })
})

describe('TransactionSheet: payment', () => {
  it('native: "Pay <amount> DW20 to <to>" in large type, then confirms', () => {
    const cb = sheet(paymentNative)
    const dialog = screen.getByRole('dialog', { name: 'Confirm payment' })
    const line = dialog.querySelector('p.cl-lead')!
    expect(text(line)).toBe(`Pay 2.5DW20 to ${PAYEE}`)
    expect(text(row('Network fee'))).toBe('≤ 0.000021DW20 — you pay')
    fireEvent.click(confirmButton())
    expect(cb.onDecision).toHaveBeenCalledWith({ confirmed: true })
  })
  it('token: the token amount and symbol, the token contract, no native amount when it is 0', () => {
    sheet(paymentToken)
    expect(text(document.querySelector('p.cl-lead'))).toBe(`Pay 12.345DEMO to ${PAYEE}`)
    expect(text(row('Token'))).toContain('DEMO')
    expect(text(row('Token'))).toContain(TOKEN)
    expect(text(row('To'))).toContain(PAYEE)
    // The decoded call names the token contract, not the payee.
    expect(text(row('To'))).not.toContain('Demo Token')
    expect(row('Amount')).toBeUndefined()
    expect(screen.queryByText('Unknown contract')).toBeNull()
    expect(screen.getByText('transfer(address,uint256)')).toBeTruthy()
    cleanup()
    // A native value sent along with a token payment is never hidden.
    sheet({ ...paymentToken, value: '7' })
    expect(text(row('Amount'))).toBe('0.000000000000000007DW20')
  })
  it('cannot be confirmed without a payee, or with a token it cannot show exactly', () => {
    cannotConfirm({ ...paymentNative, to: undefined }, 'no payee')
    cannotConfirm({ ...paymentNative, to: `${PAYEE}\u200b` }, 'zero-width payee')
    cannotConfirm(
      { ...paymentToken, token: { ...paymentToken.token!, amount: '12.345' } },
      'formatted amount',
    )
    cannotConfirm({ ...paymentToken, token: { ...paymentToken.token!, decimals: 1e9 } }, 'decimals')
    cannotConfirm({ ...paymentToken, token: { ...paymentToken.token!, address: 'DEMO' } }, 'token address')
    cannotConfirm({ ...paymentNative, kind: 'refund' as never }, 'unknown kind')
  })
  it('an armed primary action: Confirm is inert for a moment after the sheet appears', async () => {
    vi.useFakeTimers()
    const cb = callbacks()
    mount(<TransactionSheet {...paymentNative} {...cb} />)
    fireEvent.click(confirmButton())
    expect(confirmButton().getAttribute('aria-disabled')).toBe('true')
    await act(() => {
      vi.advanceTimersByTime(PRIMARY_ACTION_DELAY_MS)
    })
    fireEvent.click(confirmButton())
    expect(cb.onDecision).toHaveBeenCalledOnce()
  })
})

describe('TransactionSheet: batch', () => {
  it('numbers the calls, each decoded or raw with its value, then the total', () => {
    const cb = sheet({ ...batch, warnings: [] })
    const dialog = screen.getByRole('dialog', { name: 'Confirm 3 actions' })
    const items = dialog.querySelectorAll('ol.cl-calls > li')
    expect(items).toHaveLength(3)
    const [approve, unknown, plain] = [...items] as HTMLElement[]
    expect(within(approve!).getByText('approve(address,uint256)')).toBeTruthy()
    expect(within(approve!).getByText('Demo Token (CRC20)')).toBeTruthy()
    expect(within(approve!).queryByText('Unknown contract')).toBeNull()
    expect(text(row('To', unknown))).toContain('Unknown contract')
    expect(text(row('To', unknown))).toContain(UNKNOWN)
    expect(text(row('Amount', unknown))).toBe('0.5DW20')
    expect(row('Data', unknown)!.textContent).toContain('0xdeadbeef')
    expect(text(row('To', plain))).toContain(PAYEE)
    expect(text(row('Amount', plain))).toBe('1DW20')
    expect(row('Data', plain)).toBeUndefined()
    expect(text(row('Total amount'))).toBe('1.5DW20')
    expect(text(row('Network fee'))).toBe('≤ 0.00015DW20 — you pay')
    // The total and the fee come after the list they sum up.
    const list = dialog.querySelector('ol.cl-calls')!
    expect(list.compareDocumentPosition(row('Total amount')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    fireEvent.click(confirmButton())
    expect(cb.onDecision).toHaveBeenCalledWith({ confirmed: true })
  })
  it('cannot be confirmed when the total is not the sum of the calls, or a call cannot be shown', () => {
    cannotConfirm({ ...batch, value: '0' }, 'total 0')
    cannotConfirm({ ...batch, value: '1500000000000000001' }, 'total off by one')
    cannotConfirm({ ...batch, calls: [], value: '0' }, 'no calls')
    cannotConfirm({ ...batch, calls: undefined, value: '0' }, 'calls absent')
    cannotConfirm({ ...batch, calls: { length: 1 } as never, value: '0' }, 'calls not an array')
    const calls = batch.calls!
    cannotConfirm({ ...batch, calls: [...calls.slice(0, 2), { ...calls[2]!, value: '1e18' }] }, 'bad value')
    cannotConfirm({ ...batch, calls: [{ ...calls[0]!, to: '0x1234' }, ...calls.slice(1)] }, 'bad to')
  })
  it('a danger must be acknowledged before Confirm, as for a single transaction', () => {
    const cb = sheet({ ...batch, warnings: [{ level: 'danger', message: 'Unlimited approval' }] })
    expect(confirmButton().disabled).toBe(true)
    fireEvent.click(screen.getByRole('checkbox', { name: 'I understand this risk' }))
    fireEvent.click(confirmButton())
    expect(cb.onDecision).toHaveBeenCalledOnce()
  })
})

describe('TransactionSheet: hostile strings from the app or the chain', () => {
  it('bidi and zero-width characters in a token symbol, a call and its arguments show as codes', () => {
    const rlo = '\u202E'
    sheet({
      ...paymentToken,
      token: { ...paymentToken.token!, symbol: `US${rlo}DT\u200B` },
      decoded: {
        contractName: `Tok${rlo}en`,
        method: `transfer${rlo}(address,uint256)`,
        args: [
          { name: `to\u2066`, type: 'address', value: `${PAYEE.slice(0, 8)}\u200B${PAYEE.slice(8)}` },
          { name: 'amount', type: `uint256${rlo}`, value: `1${rlo}0` },
        ],
      },
    })
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).not.toMatch(/[\u202E\u200B\u2066]/)
    expect(dialog.textContent).toContain('U+202E')
    expect(dialog.textContent).toContain('U+200B')
    expect(dialog.textContent).toContain('U+2066')
    expect(screen.getAllByText(/Hidden or direction-changing/).length).toBeGreaterThan(0)
    // The zero-width character inside an address argument makes it flagged, not shown as valid.
    expect(dialog.querySelector('.cl-bad')).not.toBeNull()
  })
  it('bidi and zero-width characters in batch calls are inert too; HTML stays text', () => {
    sheet({
      ...batch,
      calls: [
        {
          to: TOKEN,
          value: '0',
          data: `0x\u202Edeadbeef<img src=x>`,
          decoded: { method: '<script>alert(1)</script>', args: [] },
        },
      ],
      value: '0',
    })
    const dialog = screen.getByRole('dialog')
    expect(dialog.querySelector('script, img[src="x"]')).toBeNull()
    expect(dialog.textContent).toContain('<script>alert(1)</script>')
    expect(dialog.textContent).not.toContain('\u202E')
  })
  it('huge numbers: 2^256 - 1 shows every digit; 2^256 and longer strings cannot be confirmed', () => {
    const max = ((1n << 256n) - 1n).toString()
    sheet({ ...transaction, value: max, fee: { ...transaction.fee, decimals: 0 }, warnings: [] })
    expect(text(row('Amount')).replaceAll(',', '')).toBe(`${max}DW20`)
    expect(confirmButton().disabled).toBe(false)
    cleanup()
    cannotConfirm({ ...transaction, value: (1n << 256n).toString(), warnings: [] }, '2^256')
    cannotConfirm({ ...transaction, value: '9'.repeat(5000), warnings: [] }, '5000 digits')
    cannotConfirm(
      { ...transaction, fee: { ...transaction.fee, amount: `1${'0'.repeat(80)}` }, warnings: [] },
      'fee',
    )
    cannotConfirm(
      {
        ...batch,
        calls: [
          { to: PAYEE, value: max },
          { to: PAYEE, value: '1' },
        ],
        value: '0',
      },
      'sum',
    )
  })
  it('a huge decoded argument is shortened behind "Show all"', () => {
    sheet({
      ...transaction,
      decoded: { method: 'f(uint256)', args: [{ name: 'x', type: 'uint256', value: '9'.repeat(10_000) }] },
      warnings: [],
    })
    expect(text(row('x uint256')).length).toBeLessThan(400)
    expect(screen.getAllByRole('button', { name: 'Show all' }).length).toBeGreaterThan(0)
  })
})

describe('TransactionSheet in Chinese', () => {
  it('says pay, batch, unknown contract and who pays in zh-CN', () => {
    const zh = (r: Request) =>
      render(
        <UiProvider locale="zh-CN">
          <TransactionSheet {...r} {...callbacks()} />
        </UiProvider>,
      )
    zh(paymentNative)
    expect(screen.getByRole('dialog', { name: '确认付款' })).toBeTruthy()
    expect(text(document.querySelector('p.cl-lead'))).toBe(`向 ${PAYEE} 支付 2.5DW20`)
    expect(text(row('网络手续费'))).toBe('≤ 0.000021DW20 — 由你支付')
    cleanup()
    zh({ ...batch, fee: { ...batch.fee, payer: 'platform' } })
    expect(screen.getByRole('dialog', { name: '确认 3 项操作' })).toBeTruthy()
    expect(screen.getByText('未知合约')).toBeTruthy()
    expect(screen.getByText('平台赞助')).toBeTruthy()
    expect(text(row('网络手续费'))).toContain('由平台支付（平台赞助）')
    expect(text(row('总金额'))).toBe('1.5DW20')
  })
})
