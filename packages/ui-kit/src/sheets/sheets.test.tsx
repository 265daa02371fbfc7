// @vitest-environment happy-dom
import { cleanup, fireEvent, render as mount, screen, within } from '@testing-library/preact'
import type { ComponentChildren, VNode } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ArmDelayContext } from '../components/armed.js'
import { UiProvider } from '../components/UiProvider.js'
import { ADDRESS, hostileManifest, manifest, transaction, typedData } from '../fixtures.js'
import { addLocale } from '../i18n.js'
import { zhCN } from '../locales/zh-CN.js'

addLocale('zh-CN', zhCN)

import { AppInfoPage } from './AppInfoPage.js'
import { ConsentSheet } from './ConsentSheet.js'
import { SecurityNotice } from './SecurityNotice.js'
import { hexToText, SignMessageSheet } from './SignMessageSheet.js'
import { TransactionSheet } from './TransactionSheet.js'

afterEach(cleanup)

// The arming delay has its own tests; here primary actions work at once.
const NoDelay = ({ children }: { children?: ComponentChildren }) => (
  <ArmDelayContext.Provider value={0}>{children}</ArmDelayContext.Provider>
)
const render = (ui: VNode) => mount(ui, { wrapper: NoDelay })

const callbacks = () => ({ onDecision: vi.fn(), onReject: vi.fn() })
const button = (name: string | RegExp) => screen.getByRole('button', { name })
const pressEscape = () => fireEvent.keyDown(document, { key: 'Escape' })

describe('ConsentSheet', () => {
  it('shows and grants only scopes of the protocol; an unknown rating is neutral', () => {
    const cb = callbacks()
    const scopes = ['user:basic', 'scope.evil:\u202eliam', '__proto__'] as never
    render(
      <ConsentSheet
        manifest={{ ...manifest, securityRating: 'constructor' as never }}
        scopes={scopes}
        {...cb}
      />,
    )
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).not.toContain('evil')
    expect(dialog.textContent).not.toContain('__proto__')
    expect(dialog.innerHTML).not.toContain('native code')
    fireEvent.click(button('Allow'))
    expect(cb.onDecision).toHaveBeenCalledWith({ granted: ['user:basic'] })
  })
  it('lists scopes in plain words and grants them on Allow', () => {
    const cb = callbacks()
    render(<ConsentSheet manifest={manifest} scopes={['user:basic', 'tx:sign']} {...cb} />)
    expect(screen.getByRole('dialog', { name: 'Authorization request' })).toBeTruthy()
    expect(screen.getByText('See your user ID and wallet address')).toBeTruthy()
    expect(screen.getByText('Hello Swap')).toBeTruthy()
    expect(screen.getByText('http://hello.localhost:8090')).toBeTruthy()
    expect(screen.getByText(/Security rating/).textContent).toContain('B')
    fireEvent.click(button('Allow'))
    expect(cb.onDecision).toHaveBeenCalledWith({ granted: ['user:basic', 'tx:sign'] })
    expect(cb.onReject).not.toHaveBeenCalled()
  })
  it('rejects on Deny, the close button and Escape', () => {
    for (const act of [
      () => fireEvent.click(button('Deny')),
      () => fireEvent.click(button('Close')),
      pressEscape,
    ]) {
      const cb = callbacks()
      render(<ConsentSheet manifest={manifest} scopes={['user:basic']} {...cb} />)
      act()
      expect(cb.onReject).toHaveBeenCalledOnce()
      expect(cb.onDecision).not.toHaveBeenCalled()
      cleanup()
    }
  })
  it('asks separately for phone and email; Share grants the ones still checked', () => {
    const cb = callbacks()
    render(<ConsentSheet manifest={manifest} scopes={['user:basic', 'user:phone', 'user:email']} {...cb} />)
    fireEvent.click(button('Continue'))
    expect(cb.onDecision).not.toHaveBeenCalled()
    expect(screen.getByRole('dialog', { name: 'Share personal information?' })).toBeTruthy()
    const email = screen.getByRole('checkbox', { name: 'See your email address' }) as HTMLInputElement
    expect(email.checked).toBe(true)
    fireEvent.click(email)
    fireEvent.click(button('Share'))
    expect(cb.onDecision).toHaveBeenCalledWith({ granted: ['user:basic', 'user:phone'] })
  })
  it("grants only the basic scopes on Don't share, and rejects on Escape at the second step", () => {
    const cb = callbacks()
    render(<ConsentSheet manifest={manifest} scopes={['user:phone', 'user:basic']} {...cb} />)
    fireEvent.click(button('Continue'))
    fireEvent.click(button("Don't share"))
    expect(cb.onDecision).toHaveBeenCalledWith({ granted: ['user:basic'] })
    cleanup()
    const cb2 = callbacks()
    render(<ConsentSheet manifest={manifest} scopes={['user:phone']} {...cb2} />)
    fireEvent.click(button('Continue'))
    pressEscape()
    expect(cb2.onReject).toHaveBeenCalledOnce()
    expect(cb2.onDecision).not.toHaveBeenCalled()
  })
  it('Share is disabled when every sensitive scope is unchecked', () => {
    render(<ConsentSheet manifest={manifest} scopes={['user:phone']} {...callbacks()} />)
    fireEvent.click(button('Continue'))
    fireEvent.click(screen.getByRole('checkbox'))
    expect(button('Share').hasAttribute('disabled')).toBe(true)
  })
  it('renders in Chinese', () => {
    render(
      <UiProvider locale="zh-CN">
        <ConsentSheet manifest={manifest} scopes={['user:phone']} {...callbacks()} />
      </UiProvider>,
    )
    expect(screen.getByRole('dialog', { name: '授权请求' })).toBeTruthy()
    expect(screen.getByText('获取你的手机号')).toBeTruthy()
  })
})

describe('look-alike names', () => {
  it('the consent sheet and the app info page flag a mixed-script app name with a visible badge', () => {
    const spoof = { ...manifest, name: 'p\u0430ypal Wallet' }
    render(<ConsentSheet manifest={spoof} scopes={['user:basic']} {...callbacks()} />)
    expect(screen.getByText(/Mixes alphabets/).className).toContain('cl-badge-warning')
    cleanup()
    render(<AppInfoPage manifest={spoof} grants={[]} {...callbacks()} />)
    expect(screen.getAllByText(/Mixes alphabets/).length).toBeGreaterThan(0)
    cleanup()
    render(<ConsentSheet manifest={manifest} scopes={['user:basic']} {...callbacks()} />)
    expect(screen.queryByText(/Mixes alphabets/)).toBeNull()
  })
})

describe('SignMessageSheet', () => {
  it('shows a text message and confirms on Sign', () => {
    const cb = callbacks()
    render(
      <SignMessageSheet
        manifest={manifest}
        address={ADDRESS}
        message={'Sign in to Hello\nNonce: 42'}
        {...cb}
      />,
    )
    expect(screen.getByRole('region', { name: 'Message' }).textContent).toBe('Sign in to Hello\nNonce: 42')
    fireEvent.click(button('Sign'))
    expect(cb.onDecision).toHaveBeenCalledWith({ confirmed: true })
  })
  it('decodes hex that is UTF-8 text and keeps the hex available', () => {
    render(<SignMessageSheet manifest={manifest} address={ADDRESS} message="0x48656c6c6f" {...callbacks()} />)
    expect(screen.getByRole('region', { name: 'Message' }).textContent).toBe('Hello')
    expect(screen.getByText('0x48656c6c6f')).toBeTruthy()
    expect(screen.queryByText(/not readable text/)).toBeNull()
  })
  it('warns when the bytes are not text', () => {
    render(<SignMessageSheet manifest={manifest} address={ADDRESS} message="0xdeadbeef00" {...callbacks()} />)
    expect(screen.getByRole('alert').textContent).toMatch(/not readable text/)
    expect(screen.getByText('0xdeadbeef00')).toBeTruthy()
    expect(hexToText('0xff')).toBeUndefined()
    expect(hexToText('0x0001')).toBeUndefined()
    expect(hexToText('0x4869')).toBe('Hi')
  })
  it('shows typed data as a tree with the domain highlighted', () => {
    const cb = callbacks()
    render(<SignMessageSheet manifest={manifest} address={ADDRESS} typedData={typedData} {...cb} />)
    const domain = screen.getByRole('region', { name: 'Domain' })
    expect(domain.className).toContain('cl-accent')
    expect(within(domain).getByText('Ether Mail')).toBeTruthy()
    expect(within(domain).getByText('Chain 31337')).toBeTruthy()
    expect(within(domain).getByText('Demo Token (CRC20)')).toBeTruthy()
    const message = screen.getByRole('region', { name: 'Message' })
    expect(message.textContent).toContain('Hello, Bob!')
    expect(message.textContent).toContain('Person[]')
    expect(message.querySelectorAll('.cl-tree .cl-tree').length).toBeGreaterThan(1)
    fireEvent.click(button('Reject'))
    expect(cb.onReject).toHaveBeenCalledOnce()
  })
  it('shows the policy warnings; a danger must be acknowledged before Sign (message and typed data)', () => {
    const warnings = [
      { level: 'info' as const, message: 'Signing is free' },
      { level: 'danger' as const, message: 'Permit: unlimited spending of DEMO' },
    ]
    for (const data of [{ message: 'Sign in' }, { typedData }]) {
      const cb = callbacks()
      render(<SignMessageSheet manifest={manifest} address={ADDRESS} warnings={warnings} {...data} {...cb} />)
      const alerts = screen.getAllByRole('alert')
      expect(alerts[0]!.textContent).toContain('Permit: unlimited spending of DEMO')
      expect(screen.getByRole('note').textContent).toContain('Signing is free')
      const sign = button('Sign')
      expect(sign.hasAttribute('disabled')).toBe(true)
      expect(sign.className).toContain('cl-btn-danger')
      fireEvent.click(sign)
      expect(cb.onDecision).not.toHaveBeenCalled()
      fireEvent.click(screen.getByRole('checkbox', { name: 'I understand this risk' }))
      fireEvent.click(button('Sign'))
      expect(cb.onDecision).toHaveBeenCalledWith({ confirmed: true })
      cleanup()
    }
  })
  it('rejects on Escape', () => {
    const cb = callbacks()
    render(<SignMessageSheet manifest={manifest} address={ADDRESS} message="hi" {...cb} />)
    pressEscape()
    expect(cb.onReject).toHaveBeenCalledOnce()
  })
})

describe('TransactionSheet', () => {
  it('cannot be confirmed when an amount or an address cannot be shown', () => {
    for (const patch of [
      { value: '0x10' },
      { value: '-1' },
      { fee: { ...transaction.fee, amount: '1.5' } },
      { from: '0x123' },
      { to: `${transaction.from.slice(0, 10)}\u200b${transaction.from.slice(10)}` },
    ]) {
      const cb = callbacks()
      render(<TransactionSheet {...transaction} {...patch} {...cb} />)
      const confirm = button('Confirm') as HTMLButtonElement
      expect(confirm.disabled, JSON.stringify(patch)).toBe(true)
      expect(screen.getByText(/cannot be shown/)).toBeTruthy()
      fireEvent.click(confirm)
      expect(cb.onDecision).not.toHaveBeenCalled()
      cleanup()
    }
  })
  it('shows from, to with the contract name, value, method, fee and payer', () => {
    render(<TransactionSheet {...transaction} {...callbacks()} />)
    const dialog = screen.getByRole('dialog', { name: 'Confirm transaction' })
    expect(within(dialog).getByText('Demo Token (CRC20)')).toBeTruthy()
    expect(within(dialog).getByText('transfer(address,uint256)')).toBeTruthy()
    expect(within(dialog).getByText('1.0 DEMO')).toBeTruthy()
    expect(within(dialog).getByText('0.000021')).toBeTruthy()
    expect(within(dialog).getByText(/— you pay/)).toBeTruthy()
  })
  it('puts danger first and requires acknowledging it before Confirm', () => {
    const cb = callbacks()
    render(<TransactionSheet {...transaction} {...cb} />)
    const alerts = screen.getAllByRole('alert')
    expect(alerts[0]!.textContent).toContain('The recipient is not a contract this app declares.')
    const confirm = button('Confirm')
    expect(confirm.hasAttribute('disabled')).toBe(true)
    fireEvent.click(confirm)
    expect(cb.onDecision).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('checkbox', { name: 'I understand this risk' }))
    expect(confirm.hasAttribute('disabled')).toBe(false)
    fireEvent.click(confirm)
    expect(cb.onDecision).toHaveBeenCalledWith({ confirmed: true })
  })
  it('says the platform pays when sponsored, and confirms at once without dangers', () => {
    const cb = callbacks()
    render(
      <TransactionSheet
        {...transaction}
        fee={{ ...transaction.fee, payer: 'platform' }}
        warnings={[{ level: 'warning', message: 'Large amount' }]}
        {...cb}
      />,
    )
    expect(screen.getByText(/— paid by the platform \(sponsored\)/)).toBeTruthy()
    fireEvent.click(button('Confirm'))
    expect(cb.onDecision).toHaveBeenCalledOnce()
  })
  it('marks a deployment, and rejects on Reject, close and Escape', () => {
    for (const act of [
      () => fireEvent.click(button('Reject')),
      () => fireEvent.click(button('Close')),
      pressEscape,
    ]) {
      const cb = callbacks()
      render(<TransactionSheet {...transaction} to={undefined} warnings={[]} {...cb} />)
      expect(screen.getByText('New contract (deployment)')).toBeTruthy()
      act()
      expect(cb.onReject).toHaveBeenCalledOnce()
      cleanup()
    }
  })
})

describe('SecurityNotice', () => {
  it('shows audit, source, rating, the disclaimer and the report link; Continue confirms', () => {
    const cb = callbacks()
    render(<SecurityNotice manifest={manifest} reportUrl="https://chainless.example/report" {...cb} />)
    expect(screen.getByText('Trail of Examples')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'https://github.com/example/hello-swap' })).toBeTruthy()
    expect(screen.getByText(/does not review its function or safety/)).toBeTruthy()
    const report = screen.getByRole('link', { name: 'Report this app' })
    expect(report.getAttribute('href')).toBe('https://chainless.example/report')
    expect(report.getAttribute('rel')).toBe('noopener noreferrer')
    fireEvent.click(button('Continue'))
    expect(cb.onDecision).toHaveBeenCalledWith({ confirmed: true })
  })
  it('shows the rating once, labelled once (not "Security rating: Security rating: B")', () => {
    render(<SecurityNotice manifest={manifest} reportUrl="https://x.example" {...callbacks()} />)
    const text = document.body.textContent ?? ''
    expect(text.match(/Security rating/g)).toHaveLength(1)
    expect(text).not.toMatch(/Security rating:?\s*Security rating/)
    cleanup()
    render(<AppInfoPage manifest={manifest} grants={[]} {...callbacks()} />)
    expect((document.body.textContent ?? '').match(/Security rating/g)).toHaveLength(1)
  })
  it('cancel rejects', () => {
    const cb = callbacks()
    render(
      <SecurityNotice manifest={{ ...manifest, audit: undefined }} reportUrl="https://x.example" {...cb} />,
    )
    expect(screen.getByText('No audit certificate')).toBeTruthy()
    fireEvent.click(button('Cancel'))
    expect(cb.onReject).toHaveBeenCalledOnce()
  })
})

describe('AppInfoPage', () => {
  it('lists properties and revokes the marked scopes on confirm; undo works', () => {
    const cb = callbacks()
    render(<AppInfoPage manifest={manifest} grants={['user:basic', 'user:phone']} {...cb} />)
    expect(screen.getByText('Example Labs')).toBeTruthy()
    expect(screen.getByText('1.2.0')).toBeTruthy()
    expect(screen.getByText('Demo Token (CRC20)')).toBeTruthy()
    fireEvent.click(button('Revoke: See your phone number'))
    fireEvent.click(button('Revoke: See your user ID and wallet address'))
    fireEvent.click(button('Undo: See your user ID and wallet address'))
    fireEvent.click(button('Revoke (1)'))
    expect(cb.onDecision).toHaveBeenCalledWith({ revoke: ['user:phone'] })
  })
  it('Done with nothing marked revokes nothing; Escape rejects', () => {
    const cb = callbacks()
    render(<AppInfoPage manifest={manifest} grants={[]} {...cb} />)
    expect(screen.getByText('No permissions granted')).toBeTruthy()
    fireEvent.click(button('Done'))
    expect(cb.onDecision).toHaveBeenCalledWith({ revoke: [] })
    pressEscape()
    expect(cb.onReject).toHaveBeenCalledOnce()
  })
})

describe('hostile manifest strings', () => {
  it('render as inert, visible text; bad URLs never become links', () => {
    const { container } = render(
      <SecurityNotice manifest={hostileManifest} reportUrl="javascript:alert(3)" {...callbacks()} />,
    )
    expect(container.ownerDocument.querySelector('script, img[src^="javascript"], img[src="x"]')).toBeNull()
    expect(document.querySelectorAll('a[href^="javascript"]').length).toBe(0)
    const name = document.querySelector('.cl-app-name')!
    expect(name.textContent).toContain('U+202E')
    expect(name.textContent).not.toContain('\u202E')
    expect(name.textContent!.length).toBeLessThan(200)
    expect(screen.getAllByText(/Hidden or direction-changing/).length).toBeGreaterThan(0)
    expect(screen.getByText('Report this app').tagName).toBe('SPAN')
  })
  it('flags a contract address with a zero-width character', () => {
    render(<AppInfoPage manifest={hostileManifest} grants={['user:basic']} {...callbacks()} />)
    expect(screen.getByText('U+200B', { selector: '.cl-addr-text .cl-esc' })).toBeTruthy()
    expect(document.querySelector('.cl-bad')).not.toBeNull()
    expect(document.body.textContent).toContain('<script>alert(1)</script>')
  })
})
