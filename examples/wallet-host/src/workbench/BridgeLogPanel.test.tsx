// @vitest-environment happy-dom
import type { InspectedCall } from '@chainless/runtime-host/devtools'
import { createDevtools, type Devtools } from '@chainless/runtime-host/devtools'
import { act, cleanup, fireEvent, render } from '@testing-library/preact'
import { afterEach, describe, expect, test } from 'vitest'
import type { WalletEnv } from '../ui/env.js'
import { BridgeLogPanel, MAX_ROWS } from './BridgeLogPanel.js'
import type { TestAccountsApi } from './test-accounts.js'

afterEach(cleanup)

const SIGNATURE = `0x${'ab'.repeat(64)}1b`
let seq = 0

/** Feeds one settled call through the devtools' inspector, as the host would. */
function call(
  devtools: Devtools,
  method: string,
  params: unknown,
  outcome: { ok: true; result: unknown },
  appId = 'hello',
) {
  const inspected = {
    seq: ++seq,
    appId,
    account: '0x1111111111111111111111111111111111111111',
    method,
    params,
    at: Date.now(),
    origin: 'app',
  } as InspectedCall
  devtools.inspector.call?.(inspected)
  devtools.inspector.settled?.(inspected, outcome, 3, false)
}

function mount(devtools: Devtools, appId: string | undefined = 'hello') {
  return render(
    <BridgeLogPanel
      devtools={devtools}
      env={{} as WalletEnv}
      appId={appId}
      accounts={{} as TestAccountsApi}
    />,
  )
}

/** Lets the panel's coalesced render run. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 80)))

describe('BridgeLogPanel', () => {
  test('a signature is not in the DOM until its row is revealed, and leaves it when masked again', async () => {
    const devtools = createDevtools()
    const { container, getByRole } = mount(devtools)
    call(
      devtools,
      'walletRequest',
      { method: 'personal_sign', params: ['0x68', '0x1111'] },
      { ok: true, result: SIGNATURE },
    )
    await settle()
    const row = container.querySelector('[data-testid=bridge-row]')!
    expect(row.getAttribute('data-rpc-method')).toBe('personal_sign')
    expect(row.getAttribute('data-status')).toBe('ok')
    expect(container.innerHTML).not.toContain(SIGNATURE.slice(2, 40))
    fireEvent.click(row.querySelector('button')!)
    await settle()
    expect(container.innerHTML).not.toContain(SIGNATURE.slice(2, 40))
    expect(container.querySelector('[data-testid=bridge-result]')!.textContent).toContain('••••')
    // Params of a signing call are shown (only sensitive keys are masked there).
    expect(container.querySelector('[data-testid=bridge-params]')!.textContent).toContain('personal_sign')
    fireEvent.click(getByRole('button', { name: 'Reveal' }))
    await settle()
    expect(container.innerHTML).toContain(SIGNATURE)
    fireEvent.click(getByRole('button', { name: 'Mask again' }))
    await settle()
    expect(container.innerHTML).not.toContain(SIGNATURE.slice(2, 40))
  })

  test('a token under a sensitive key is masked in params too; no Reveal when nothing is sensitive', async () => {
    const devtools = createDevtools()
    const { container, queryByRole } = mount(devtools)
    call(
      devtools,
      'storageSet',
      { key: 'k', value: { accessToken: 'tok_abcdefghijklmnop' } },
      { ok: true, result: null },
    )
    call(devtools, 'storageGet', { key: 'plain' }, { ok: true, result: { value: 1 } })
    await settle()
    const rows = container.querySelectorAll('[data-testid=bridge-row]')
    // Newest first.
    expect(rows[0]!.getAttribute('data-method')).toBe('storageGet')
    fireEvent.click(rows[0]!.querySelector('button')!)
    await settle()
    expect(queryByRole('button', { name: 'Reveal' })).toBeNull()
    fireEvent.click(rows[1]!.querySelector('button')!)
    await settle()
    expect(container.innerHTML).not.toContain('tok_abcdefghijklmnop')
    expect(queryByRole('button', { name: 'Reveal' })).not.toBeNull()
  })

  test('only the open app, filtered by text; pause stops recording; clear empties it', async () => {
    const devtools = createDevtools()
    const { container, getByRole, getByTestId } = mount(devtools)
    call(devtools, 'storageGet', { key: 'a' }, { ok: true, result: {} })
    call(devtools, 'storageKeys', {}, { ok: true, result: [] })
    call(devtools, 'storageGet', { key: 'b' }, { ok: true, result: {} }, 'other')
    await settle()
    expect(container.querySelectorAll('[data-testid=bridge-row]')).toHaveLength(2)
    fireEvent.input(getByTestId('bridge-filter'), { target: { value: 'keys' } })
    await settle()
    expect(container.querySelectorAll('[data-testid=bridge-row]')).toHaveLength(1)
    fireEvent.input(getByTestId('bridge-filter'), { target: { value: '' } })
    fireEvent.click(getByRole('button', { name: 'Pause' }))
    call(devtools, 'storageGet', { key: 'c' }, { ok: true, result: {} })
    await settle()
    expect(container.querySelectorAll('[data-testid=bridge-row]')).toHaveLength(2)
    fireEvent.click(getByRole('button', { name: 'Resume' }))
    fireEvent.click(getByRole('button', { name: 'Clear' }))
    await settle()
    expect(container.querySelectorAll('[data-testid=bridge-row]')).toHaveLength(0)
    // The other app's entry is still in the log.
    expect(devtools.log.entries({ appId: 'other' })).toHaveLength(1)
  })

  test('2,000 entries: only the newest MAX_ROWS become rows, quickly', async () => {
    const devtools = createDevtools()
    const { container } = mount(devtools)
    const started = performance.now()
    for (let i = 0; i < 2000; i++) call(devtools, 'storageGet', { key: `k${i}` }, { ok: true, result: {} })
    await settle()
    const rows = container.querySelectorAll('[data-testid=bridge-row]')
    expect(rows).toHaveLength(MAX_ROWS)
    expect(Number(rows[0]!.getAttribute('data-id'))).toBeGreaterThan(Number(rows[1]!.getAttribute('data-id')))
    expect(container.textContent).toContain(`${MAX_ROWS} of 2000`)
    expect(performance.now() - started).toBeLessThan(3000)
  })
})
