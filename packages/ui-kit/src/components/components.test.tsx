// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { useState } from 'preact/hooks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { addLocale } from '../i18n.js'
import { zhCN } from '../locales/zh-CN.js'
import { AddressView } from './AddressView.js'
import { AmountView } from './AmountView.js'
import { ArmDelayContext, PRIMARY_ACTION_DELAY_MS } from './armed.js'
import { Badge } from './Badge.js'
import { Button } from './Button.js'
import { Cell, List } from './List.js'
import { SafeText } from './SafeText.js'
import { Sheet } from './Sheet.js'
import { Spinner } from './Spinner.js'
import { EmptyState, ErrorState } from './States.js'
import { Toast } from './Toast.js'
import { UiProvider } from './UiProvider.js'

addLocale('zh-CN', zhCN)

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const ADDR = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'

describe('UiProvider and styles', () => {
  it('sets theme, language and direction, and installs the tokens once', () => {
    const { container } = render(
      <UiProvider theme="dark" locale="ar">
        <Button>x</Button>
      </UiProvider>,
    )
    const root = container.firstElementChild as HTMLElement
    expect(root.dataset.theme).toBe('dark')
    expect(root.getAttribute('dir')).toBe('rtl')
    expect(root.getAttribute('lang')).toBe('en')
    // A second provider must not install the tokens again.
    render(<UiProvider theme="light">y</UiProvider>)
    const css = [
      ...document.adoptedStyleSheets,
      ...[...document.querySelectorAll('style')].map((s) => s.sheet),
    ]
      .flatMap((sheet) => [...(sheet?.cssRules ?? [])].map((rule) => rule.cssText))
      .join('\n')
    expect(css.match(/--cl-bg:\s*#fff/g)).toHaveLength(1)
  })
})

describe('Button', () => {
  it('is type=button, clickable, and disabled while loading', () => {
    const onClick = vi.fn()
    const { rerender } = render(
      <Button variant="primary" onClick={onClick}>
        Save
      </Button>,
    )
    const button = screen.getByRole('button', { name: 'Save' })
    expect(button.getAttribute('type')).toBe('button')
    expect(button.className).toContain('cl-btn-primary')
    fireEvent.click(button)
    expect(onClick).toHaveBeenCalledTimes(1)
    rerender(
      <Button variant="primary" loading onClick={onClick}>
        Save
      </Button>,
    )
    expect(button.hasAttribute('disabled')).toBe(true)
    expect(button.getAttribute('aria-busy')).toBe('true')
    expect(button.querySelector('.cl-spin')).not.toBeNull()
    fireEvent.click(button)
    expect(onClick).toHaveBeenCalledTimes(1)
  })
  it('honours disabled', () => {
    render(<Button disabled>Off</Button>)
    expect(screen.getByRole('button', { name: 'Off' }).hasAttribute('disabled')).toBe(true)
  })
})

describe('small components', () => {
  it('Spinner is a labelled status', () => {
    render(<Spinner label="Loading balances" />)
    expect(screen.getByRole('status', { name: 'Loading balances' })).toBeTruthy()
  })
  it('Badge has its tone', () => {
    render(<Badge tone="danger">D</Badge>)
    expect(screen.getByText('D').className).toContain('cl-badge-danger')
  })
  it('List and Cell render rows; a Cell with onClick is a button', () => {
    const onClick = vi.fn()
    render(
      <List label="Settings">
        <Cell title="Language" value="English" onClick={onClick} />
        <Cell title="Version" subtitle="build 7" value="1.0" />
      </List>,
    )
    expect(screen.getByRole('list', { name: 'Settings' }).children).toHaveLength(2)
    fireEvent.click(screen.getByRole('button', { name: /Language/ }))
    expect(onClick).toHaveBeenCalledOnce()
    expect(screen.getByText('build 7')).toBeTruthy()
  })
  it('EmptyState and ErrorState show defaults in the locale; retry calls back', () => {
    const onRetry = vi.fn()
    render(
      <UiProvider locale="zh-CN">
        <EmptyState />
        <ErrorState description="boom" onRetry={onRetry} />
      </UiProvider>,
    )
    expect(screen.getByText('暂无内容')).toBeTruthy()
    expect(screen.getByRole('alert').textContent).toContain('boom')
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    expect(onRetry).toHaveBeenCalledOnce()
  })
  it('Toast announces and closes itself after its duration', () => {
    vi.useFakeTimers()
    const onClose = vi.fn()
    render(
      <Toast open duration={1000} onClose={onClose}>
        Copied
      </Toast>,
    )
    expect(screen.getByRole('status').textContent).toBe('Copied')
    vi.advanceTimersByTime(999)
    expect(onClose).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(onClose).toHaveBeenCalledOnce()
  })
})

describe('AddressView', () => {
  it('shows the address as given, shortened, with the full one for screen readers, and copies it', async () => {
    const writeText = vi.fn(async () => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    render(<AddressView address={ADDR} />)
    expect(screen.getByText('0x5aAeb6…1BeAed', { exact: false })).toBeTruthy()
    expect(document.querySelector('.cl-sr')?.textContent?.trim()).toBe(ADDR)
    fireEvent.click(screen.getByRole('button', { name: 'Copy address' }))
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith(ADDR))
    await screen.findByRole('button', { name: 'Copied' })
  })
  it('shows the full address grouped', () => {
    render(<AddressView address={ADDR} full copy={false} />)
    expect(document.querySelector('.cl-addr-text')?.textContent).toBe(
      '0x5aAe\u2009b605\u20093F3E\u200994C9\u2009b9A0\u20099f33\u20096694\u200935E7\u2009Ef1B\u2009eAed',
    )
    expect(screen.queryByRole('button')).toBeNull()
  })
  it('flags zero-width characters, shows them, and offers no copy', () => {
    render(<AddressView address={`${ADDR.slice(0, 10)}\u200B${ADDR.slice(10)}`} />)
    expect(screen.getByText(/Hidden or direction-changing/)).toBeTruthy()
    expect(screen.getByText('U+200B')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Copy address' })).toBeNull()
  })
  it('never re-cases what the host gave (no hashing in the kit)', () => {
    render(<AddressView address={ADDR.toLowerCase()} full copy={false} />)
    expect(document.querySelector('.cl-addr-text')?.textContent?.replaceAll('\u2009', '')).toBe(
      ADDR.toLowerCase(),
    )
  })
  it('renders a non-address string as flagged, inert text without a copy button', () => {
    render(
      <>
        <AddressView address="0x1234" />
        <AddressView address="vitalik.eth <b>x</b>" />
      </>,
    )
    expect(screen.getAllByText('Not a valid address')).toHaveLength(2)
    expect(screen.getByText('vitalik.eth <b>x</b>')).toBeTruthy()
    expect(document.querySelectorAll('.cl-bad')).toHaveLength(2)
    expect(screen.queryByRole('button', { name: 'Copy address' })).toBeNull()
  })
})

describe('AmountView', () => {
  it('formats exactly with symbol and fiat', () => {
    render(
      <AmountView
        value="1234500000000000000000"
        decimals={18}
        symbol="ETH"
        fiat={{ value: 12.5, currency: 'USD' }}
      />,
    )
    expect(screen.getByText('1,234.5')).toBeTruthy()
    expect(screen.getByText('ETH')).toBeTruthy()
    expect(screen.getByText('≈ $12.50')).toBeTruthy()
  })
  it('shows an error badge for an invalid value', () => {
    render(<AmountView value="-5" decimals={18} />)
    expect(screen.getByText('Invalid amount')).toBeTruthy()
  })
})

describe('SafeText', () => {
  it('renders HTML as inert text', () => {
    const { container } = render(<SafeText text={'<img src=x onerror="alert(1)"><b>bold</b>'} />)
    expect(container.querySelector('img,b')).toBeNull()
    expect(container.textContent).toContain('<img src=x onerror="alert(1)"><b>bold</b>')
  })
  it('shortens 10,000 characters behind "Show all" and expands on request', () => {
    const long = 'A'.repeat(10_000)
    const { container } = render(<SafeText text={long} max={50} />)
    const bdi = container.querySelector('bdi')!
    expect(bdi.textContent).toContain(`${'A'.repeat(50)}…`)
    expect(bdi.textContent).toContain('10000 characters')
    const more = screen.getByRole('button', { name: 'Show all' })
    expect(more.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(more)
    expect(container.querySelector('bdi')!.textContent).toBe(long)
    expect(screen.getByRole('button', { name: 'Show less' }).getAttribute('aria-expanded')).toBe('true')
  })
  it('isolates direction and makes a right-to-left override visible with a warning', () => {
    const { container } = render(<SafeText text={'Wallet\u202Egnp.exe'} />)
    const bdi = container.querySelector('bdi')!
    expect(bdi.getAttribute('dir')).toBe('auto')
    expect(bdi.textContent).not.toContain('\u202E')
    expect(bdi.textContent).toBe('WalletU+202Egnp.exe')
    expect(screen.getByText(/Hidden or direction-changing/)).toBeTruthy()
  })
})

function Harness({ onClose }: { onClose: () => void }) {
  const [open, setOpen] = useState(false)
  return (
    <div>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <button type="button">Outside</button>
      {open && (
        <Sheet
          title="Settings"
          onClose={() => {
            onClose()
            setOpen(false)
          }}
          footer={<Button>Save</Button>}
        >
          <input aria-label="Name" />
        </Sheet>
      )}
    </div>
  )
}

describe('Sheet', () => {
  it('is a labelled modal dialog that takes focus, locks scroll, closes on Escape and returns focus', async () => {
    const onClose = vi.fn()
    render(<Harness onClose={onClose} />)
    const opener = screen.getByRole('button', { name: 'Open' })
    opener.focus()
    fireEvent.click(opener)
    const dialog = await screen.findByRole('dialog', { name: 'Settings' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    await vi.waitFor(() => expect(document.activeElement).toBe(dialog))
    expect(document.body.style.overflow).toBe('hidden')
    fireEvent.keyDown(document, { key: 'Escape' })
    expect(onClose).toHaveBeenCalledOnce()
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.body.style.overflow).toBe('')
    expect(document.activeElement).toBe(opener)
  })
  it('traps Tab and Shift+Tab inside', async () => {
    render(<Harness onClose={() => {}} />)
    fireEvent.click(screen.getByRole('button', { name: 'Open' }))
    const dialog = await screen.findByRole('dialog')
    await vi.waitFor(() => expect(document.activeElement).toBe(dialog))
    const close = screen.getByRole('button', { name: 'Close' })
    const save = screen.getByRole('button', { name: 'Save' })
    save.focus()
    fireEvent.keyDown(document, { key: 'Tab' })
    expect(document.activeElement).toBe(close)
    fireEvent.keyDown(document, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(save)
    // focus that escapes (e.g. programmatically) is brought back
    screen.getByRole('button', { name: 'Outside' }).focus()
    expect(dialog.contains(document.activeElement)).toBe(true)
  })
  it('closes from the close button and the backdrop, not from clicks inside', async () => {
    const onClose = vi.fn()
    render(<Harness onClose={onClose} />)
    fireEvent.click(screen.getByRole('button', { name: 'Open' }))
    const dialog = await screen.findByRole('dialog')
    fireEvent.click(dialog.querySelector('.cl-sheet')!)
    fireEvent.click(screen.getByRole('textbox', { name: 'Name' }))
    expect(onClose).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: 'Close' }))
    expect(onClose).toHaveBeenCalledOnce()
    fireEvent.click(screen.getByRole('button', { name: 'Open' }))
    // The <dialog> spans the viewport; what is not the panel is the backdrop.
    fireEvent.click(await screen.findByRole('dialog'))
    expect(onClose).toHaveBeenCalledTimes(2)
  })
  it('is a native <dialog> opened with showModal (top layer, the rest of the page inert)', async () => {
    const showModal = vi.spyOn(HTMLDialogElement.prototype, 'showModal')
    const onClose = vi.fn()
    render(<Harness onClose={onClose} />)
    fireEvent.click(screen.getByRole('button', { name: 'Open' }))
    const dialog = await screen.findByRole('dialog', { name: 'Settings' })
    expect(dialog.tagName).toBe('DIALOG')
    expect(showModal).toHaveBeenCalledOnce()
    expect((dialog as HTMLDialogElement).open).toBe(true)
    // A close request (Escape in a browser, Android back) is the cancel event: the owner decides.
    const cancel = new Event('cancel', { cancelable: true })
    dialog.dispatchEvent(cancel)
    expect(cancel.defaultPrevented).toBe(true)
    expect(onClose).toHaveBeenCalledOnce()
    showModal.mockRestore()
  })
  it('falls back to the open attribute where showModal is missing', async () => {
    const original = HTMLDialogElement.prototype.showModal
    // @ts-expect-error: an engine without showModal
    delete HTMLDialogElement.prototype.showModal
    try {
      const onClose = vi.fn()
      render(<Harness onClose={onClose} />)
      fireEvent.click(screen.getByRole('button', { name: 'Open' }))
      const dialog = await screen.findByRole('dialog', { name: 'Settings' })
      expect(dialog.hasAttribute('open')).toBe(true)
      await vi.waitFor(() => expect(document.activeElement).toBe(dialog))
      fireEvent.keyDown(document, { key: 'Escape' })
      expect(onClose).toHaveBeenCalledOnce()
    } finally {
      HTMLDialogElement.prototype.showModal = original
    }
  })
  it('keeps an armed primary action inert for the arming delay after it appears', async () => {
    vi.useFakeTimers()
    const onSave = vi.fn()
    render(
      <Sheet
        title="Pay"
        onClose={() => {}}
        footer={
          <Button arm variant="primary" onClick={onSave}>
            Pay
          </Button>
        }
      />,
    )
    const pay = screen.getByRole('button', { name: 'Pay' })
    expect(pay.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(pay)
    vi.advanceTimersByTime(PRIMARY_ACTION_DELAY_MS - 1)
    fireEvent.click(pay)
    expect(onSave).not.toHaveBeenCalled()
    await act(() => {
      vi.advanceTimersByTime(1)
    })
    expect(pay.hasAttribute('aria-disabled')).toBe(false)
    fireEvent.click(pay)
    expect(onSave).toHaveBeenCalledOnce()
  })
  it('arms at once with a delay of 0, and a Button outside a sheet is never held', () => {
    const onSave = vi.fn()
    render(
      <ArmDelayContext.Provider value={0}>
        <Sheet
          title="Pay"
          onClose={() => {}}
          footer={
            <Button arm onClick={onSave}>
              Pay
            </Button>
          }
        />
      </ArmDelayContext.Provider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Pay' }))
    render(
      <Button arm onClick={onSave}>
        Alone
      </Button>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Alone' }))
    expect(onSave).toHaveBeenCalledTimes(2)
  })
})
