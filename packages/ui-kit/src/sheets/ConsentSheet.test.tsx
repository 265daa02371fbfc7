// @vitest-environment happy-dom
import { cleanup, fireEvent, render as mount, screen } from '@testing-library/preact'
import type { ComponentChildren, VNode } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ArmDelayContext } from '../components/armed.js'
import { UiProvider } from '../components/UiProvider.js'
import { ADDRESS, manifest } from '../fixtures.js'
import { addLocale } from '../i18n.js'
import { zhCN } from '../locales/zh-CN.js'
import { ConsentSheet } from './ConsentSheet.js'

addLocale('zh-CN', zhCN)
afterEach(cleanup)

const NoDelay = ({ children }: { children?: ComponentChildren }) => (
  <ArmDelayContext.Provider value={0}>{children}</ArmDelayContext.Provider>
)
const render = (ui: VNode) => mount(ui, { wrapper: NoDelay })
const callbacks = () => ({ onDecision: vi.fn(), onReject: vi.fn() })
const WALLET = ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer'] as const
const checkbox = (name: string | RegExp) => screen.getByRole('checkbox', { name }) as HTMLInputElement
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replaceAll('\u2009', '')

describe('ConsentSheet: connect (account + user:basic)', () => {
  it('says which account the app will see, as given, and to which app', () => {
    render(<ConsentSheet manifest={manifest} scopes={WALLET} account={ADDRESS} {...callbacks()} />)
    expect(text(document.querySelector('.cl-lead'))).toBe(`Connect ${ADDRESS} to Hello Swap`)
    expect(screen.getByRole('button', { name: 'Allow' })).toBeTruthy()
  })
  it('the wallet scopes are ticked and can be unticked; user:basic cannot', () => {
    const cb = callbacks()
    render(<ConsentSheet manifest={manifest} scopes={WALLET} account={ADDRESS} {...cb} />)
    const basic = checkbox(/See your user ID and wallet address/)
    expect(basic.checked).toBe(true)
    expect(basic.disabled).toBe(true)
    expect(screen.getByText('Needed to connect')).toBeTruthy()
    for (const name of [/sign transactions/, /Send transactions/, /See your balances/, /make payments/]) {
      expect(checkbox(name).checked).toBe(true)
      expect(checkbox(name).disabled).toBe(false)
    }
    fireEvent.click(checkbox(/sign transactions/))
    fireEvent.click(checkbox(/make payments/))
    fireEvent.click(basic)
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }))
    expect(cb.onDecision).toHaveBeenCalledWith({ granted: ['user:basic', 'tx:broadcast', 'asset:read'] })
  })
  it('Connect with everything ticked grants everything asked; Deny rejects', () => {
    const cb = callbacks()
    render(<ConsentSheet manifest={manifest} scopes={WALLET} account={ADDRESS} {...cb} />)
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }))
    expect(cb.onDecision).toHaveBeenCalledWith({ granted: [...WALLET] })
    cleanup()
    const cb2 = callbacks()
    render(<ConsentSheet manifest={manifest} scopes={WALLET} account={ADDRESS} {...cb2} />)
    fireEvent.click(screen.getByRole('button', { name: 'Deny' }))
    expect(cb2.onReject).toHaveBeenCalledOnce()
    expect(cb2.onDecision).not.toHaveBeenCalled()
  })
  it('keeps the unticked wallet scopes out through the second step for phone and email', () => {
    const cb = callbacks()
    render(
      <ConsentSheet
        manifest={manifest}
        scopes={['user:basic', 'tx:sign', 'user:phone']}
        account={ADDRESS}
        {...cb}
      />,
    )
    fireEvent.click(checkbox(/sign transactions/))
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }))
    fireEvent.click(screen.getByRole('button', { name: "Don't share" }))
    expect(cb.onDecision).toHaveBeenCalledWith({ granted: ['user:basic'] })
  })
  it('a hostile account string is flagged, and a hostile app name is inert', () => {
    render(
      <ConsentSheet
        manifest={{ ...manifest, name: 'Hello\u202Egnp' }}
        scopes={['user:basic']}
        account={`${ADDRESS.slice(0, 9)}\u200B${ADDRESS.slice(9)}`}
        {...callbacks()}
      />,
    )
    const lead = document.querySelector('.cl-lead')!
    expect(lead.textContent).not.toMatch(/[\u202E\u200B]/)
    expect(lead.querySelector('.cl-bad')).not.toBeNull()
    expect(lead.textContent).toContain('U+202E')
  })
  it('without user:basic (more scopes for a connected app) it is the plain list of what is asked', () => {
    const cb = callbacks()
    render(<ConsentSheet manifest={manifest} scopes={['tx:sign']} account={ADDRESS} {...cb} />)
    expect(document.querySelector('.cl-lead')).toBeNull()
    expect(screen.queryByRole('checkbox')).toBeNull()
    expect(screen.getByText('Ask you to sign transactions (you confirm each one)')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }))
    expect(cb.onDecision).toHaveBeenCalledWith({ granted: ['tx:sign'] })
  })
  it('without an account it is the plain list, as before', () => {
    render(<ConsentSheet manifest={manifest} scopes={WALLET} {...callbacks()} />)
    expect(screen.queryByRole('checkbox')).toBeNull()
    expect(screen.getByRole('button', { name: 'Allow' })).toBeTruthy()
  })
  it('in Chinese', () => {
    render(
      <UiProvider locale="zh-CN">
        <ConsentSheet manifest={manifest} scopes={WALLET} account={ADDRESS} {...callbacks()} />
      </UiProvider>,
    )
    expect(text(document.querySelector('.cl-lead'))).toBe(`将 ${ADDRESS} 连接到 Hello Swap`)
    expect(screen.getByText('连接所必需')).toBeTruthy()
    expect(screen.getByRole('button', { name: '允许' })).toBeTruthy()
  })
})
