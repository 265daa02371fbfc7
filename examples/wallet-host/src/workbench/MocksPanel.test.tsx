// @vitest-environment happy-dom

import { createDevtools } from '@chainless/runtime-host/devtools'
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { loadMockRules, MocksPanel, saveMockRules } from './MocksPanel.js'

const API = 'http://api.test'
const MNEMONIC_ACCOUNTS = ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266']
const accounts = {
  list: () => MNEMONIC_ACCOUNTS,
  subscribe: () => () => undefined,
  create: async () => '',
  importKey: async () => '',
  preset: () => 'normal' as const,
  setPreset: () => undefined,
}

interface Sent {
  method: string
  url: string
  body: unknown
}

/** A stand-in for the sandbox's admin API: stored rules and knobs; `refusePut` answers 400. */
function fakeSandbox(initial: unknown[] = [], options: { refusePut?: boolean } = {}) {
  let rules = initial
  const sent: Sent[] = []
  const fetchMock = vi.fn(async (input: URL | string, init?: RequestInit) => {
    const url = String(input)
    const method = init?.method ?? 'GET'
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    sent.push({ method, url, body })
    const json = (status: number, value: unknown, type = 'application/json') =>
      new Response(JSON.stringify(value), { status, headers: { 'content-type': type } })
    if (url.endsWith('/__sandbox/mocks') && method === 'GET') return json(200, { rules })
    if (url.endsWith('/__sandbox/mocks') && method === 'PUT') {
      if (options.refusePut) {
        return json(
          400,
          { code: 'invalid_body', detail: 'Rule 0 is bad', status: 400 },
          'application/problem+json',
        )
      }
      rules = (body as { rules: unknown[] }).rules
      return json(200, { rules })
    }
    if (url.endsWith('/__sandbox/knobs')) return json(200, method === 'PUT' ? body : {})
    return json(404, { code: 'not_found' }, 'application/problem+json')
  })
  vi.stubGlobal('fetch', fetchMock)
  return { sent, rules: () => rules }
}

const env = { config: { apiUrl: API } } as never

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('MocksPanel', () => {
  test('a 4001 rule for eth_sendTransaction is applied to the host and persisted with the sandbox', async () => {
    const sandbox = fakeSandbox()
    const devtools = createDevtools()
    const view = render(<MocksPanel devtools={devtools} env={env} appId="dapp" accounts={accounts} />)
    expect((view.container.querySelector('#mock-app') as HTMLInputElement).value).toBe('dapp')
    fireEvent.submit(view.container.querySelector('#mock-form')!)
    await waitFor(() => expect(devtools.mocks.list()).toHaveLength(1))
    expect(devtools.mocks.list()[0]).toMatchObject({
      appId: 'dapp',
      method: 'eth_sendTransaction',
      action: { kind: 'error', code: 4001 },
      enabled: true,
    })
    const put = sandbox.sent.find((s) => s.method === 'PUT')
    expect(put?.body).toEqual({ rules: devtools.mocks.list() })
    await waitFor(() => expect(view.getAllByTestId('mock-rule')).toHaveLength(1))
  })

  test('"Clear all" empties the host and the sandbox in one click', async () => {
    const stored = [
      { id: 'a', appId: '*', method: 'eth_call', action: { kind: 'delay', delayMs: 10 }, enabled: true },
      { id: 'b', appId: 'x', method: 'personal_sign', action: { kind: 'error', code: 4001 }, enabled: false },
    ]
    const sandbox = fakeSandbox(stored)
    const devtools = createDevtools()
    const view = render(<MocksPanel devtools={devtools} env={env} appId={undefined} accounts={accounts} />)
    // The sandbox's persisted rules are loaded at start.
    await waitFor(() => expect(view.getAllByTestId('mock-rule')).toHaveLength(2))
    fireEvent.click(view.getByRole('button', { name: 'Clear all' }))
    await waitFor(() => expect(view.getByTestId('mocks-none')).toBeTruthy())
    expect(devtools.mocks.list()).toEqual([])
    expect(sandbox.rules()).toEqual([])
  })

  test('the sandbox refusing the rules leaves the host as it was and says why', async () => {
    fakeSandbox([], { refusePut: true })
    const devtools = createDevtools()
    const view = render(<MocksPanel devtools={devtools} env={env} appId="dapp" accounts={accounts} />)
    fireEvent.submit(view.container.querySelector('#mock-form')!)
    await waitFor(() => expect(view.getByRole('alert').textContent).toContain('Rule 0 is bad'))
    expect(devtools.mocks.list()).toEqual([])
  })

  test('a fixed result that is not JSON is refused before anything is sent', async () => {
    const sandbox = fakeSandbox()
    const devtools = createDevtools()
    const view = render(<MocksPanel devtools={devtools} env={env} appId="dapp" accounts={accounts} />)
    fireEvent.change(view.container.querySelector('#mock-kind')!, { target: { value: 'result' } })
    await waitFor(() => expect(view.container.querySelector('#mock-result')).toBeTruthy())
    fireEvent.input(view.container.querySelector('#mock-result')!, { target: { value: '{nope' } })
    fireEvent.submit(view.container.querySelector('#mock-form')!)
    await waitFor(() => expect(view.getByRole('alert').textContent).toMatch(/not valid JSON/))
    expect(sandbox.sent.filter((s) => s.method === 'PUT')).toEqual([])
    expect(devtools.mocks.list()).toEqual([])
  })
})

describe('loadMockRules / saveMockRules', () => {
  test('a persisted set the devtools refuse changes nothing and rejects', async () => {
    fakeSandbox([
      { id: 'bad id!', appId: '*', method: 'x', action: { kind: 'error', code: 1 }, enabled: true },
    ])
    const devtools = createDevtools()
    await expect(loadMockRules(devtools, API)).rejects.toThrow()
    expect(devtools.mocks.list()).toEqual([])
  })
  test('an invalid rule is refused locally: the sandbox is not asked', async () => {
    const sandbox = fakeSandbox()
    const devtools = createDevtools()
    await expect(
      saveMockRules(devtools, API, [
        { id: 'r', appId: '*', method: 'x', action: { kind: 'delay', delayMs: 1e9 }, enabled: true },
      ]),
    ).rejects.toThrow()
    expect(sandbox.sent).toEqual([])
  })

  test("the platform knobs form (shared with Settings → Sandbox) sends one operation's setting", async () => {
    const sandbox = fakeSandbox()
    const view = render(
      <MocksPanel devtools={createDevtools()} env={env} appId={undefined} accounts={accounts} />,
    )
    const form = view.container.querySelector('#wb-knobs-form') as HTMLFormElement
    fireEvent.change(form.querySelector('#wb-knob-target')!, { target: { value: 'getTxStatus' } })
    fireEvent.input(form.querySelector('#wb-knob-latency')!, { target: { value: '250' } })
    fireEvent.input(form.querySelector('#wb-knob-status')!, { target: { value: '503' } })
    fireEvent.submit(form)
    await waitFor(() =>
      expect(view.container.querySelector('#wb-knobs li[data-target="getTxStatus"]')?.textContent).toContain(
        'latencyMs=250',
      ),
    )
    const put = sandbox.sent.find((s) => s.method === 'PUT' && s.url.endsWith('/__sandbox/knobs'))
    expect(put?.body).toEqual({ getTxStatus: { latencyMs: 250, status: 503 } })
  })
})
