/**
 * @internal Fakes for the dispatcher's and controller's unit tests: a signer that records calls, a UI
 * that records sheets and answers as told, a JSON-RPC fetch, app handles that record events. Not
 * exported from the package.
 */
import {
  CHAINLESS_DEV_CHAIN,
  type ConsentRequest,
  type HostEventName,
  type HostEvents,
  type Manifest,
  type Scope,
  type UiAdapter,
  UserRejectedError,
} from '@chainless/protocol'
import type { AppHandle } from '../app-handle.js'
import { MemoryGrantStore } from '../grants.js'
import type { Eip1193Handler } from './call-context.js'
import { WalletController } from './controller.js'
import { type PayHandler, WalletDispatcher } from './dispatch.js'
import { MemoryKeyValueStore } from './kv-memory.js'
import type { Signer } from './signers/signer.js'

export const ACCOUNT_A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
export const ACCOUNT_B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
export const OTHER_CHAIN = {
  chainId: 1337,
  name: 'Other',
  nativeCurrency: { name: 'E', symbol: 'E', decimals: 18 },
}

/** The test app's manifest: every wallet scope declared. */
export function walletManifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    appId: 'demo',
    name: 'Demo',
    version: '1.0.0',
    origin: 'http://demo.localhost:8090',
    entryUrl: 'http://demo.localhost:8090/',
    scopes: ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer'],
    ...overrides,
  } as Manifest
}

/** A signer that records calls and signs nothing real. */
export class FakeSigner implements Signer {
  readonly calls: string[] = []
  async getAddresses(): Promise<readonly string[]> {
    return [ACCOUNT_A, ACCOUNT_B]
  }
  async signMessage(): Promise<string> {
    this.calls.push('signMessage')
    return `0x${'11'.repeat(65)}`
  }
  async signTypedData(): Promise<string> {
    this.calls.push('signTypedData')
    return `0x${'22'.repeat(65)}`
  }
  async signTransaction(): Promise<string> {
    this.calls.push('signTransaction')
    return `0x${'33'.repeat(100)}`
  }
}

/** A UI that records every sheet; `consentAnswer` decides what the consent sheet grants. */
export class FakeUi {
  readonly sheets: { kind: string; scopes?: readonly Scope[]; account?: string }[] = []
  /** Scopes granted by consent (default: all asked); `reject` → 4001. */
  consentAnswer: ((asked: readonly Scope[]) => readonly Scope[]) | 'reject' = (asked) => asked
  confirm = true
  /** Sheets confirmed so far (what lets a fake handler sign). */
  confirmations = 0
  adapter(): UiAdapter {
    const confirm = async (kind: string) => {
      this.sheets.push({ kind })
      if (!this.confirm) throw new UserRejectedError()
      this.confirmations++
      return { confirmed: true as const }
    }
    return {
      consent: async (request: ConsentRequest) => {
        this.sheets.push({
          kind: 'consent',
          scopes: [...request.scopes],
          ...(request.account ? { account: request.account } : {}),
        })
        if (this.consentAnswer === 'reject') throw new UserRejectedError()
        return { granted: this.consentAnswer(request.scopes) }
      },
      signMessage: () => confirm('signMessage'),
      signTypedData: () => confirm('signTypedData'),
      transaction: () => confirm('transaction'),
      securityNotice: () => confirm('securityNotice'),
      appInfo: async () => ({ revoke: [] }),
    }
  }
}

/** An app handle that records the events it is sent (all of them: the host's filter is tested elsewhere). */
export function fakeApp(manifest: Manifest): AppHandle & { events: { event: string; data: unknown }[] } {
  const events: { event: string; data: unknown }[] = []
  return {
    manifest,
    events,
    send<E extends HostEventName>(event: E, data: HostEvents[E]) {
      events.push({ event, data })
      return true
    },
    notifyDisconnected() {
      events.push({ event: 'accountsChanged', data: [] })
      return true
    },
  } as unknown as AppHandle & { events: { event: string; data: unknown }[] }
}

/** A fetch that answers JSON-RPC from `answers` (a function gets the params); records the calls. */
export function rpcFetch(
  answers: Record<string, unknown>,
  calls: { method: string; params: unknown }[] = [],
) {
  return async (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as { id: number; method: string; params: unknown[] }
    calls.push({ method: body.method, params: body.params })
    if (!Object.hasOwn(answers, body.method)) {
      return Response.json({
        jsonrpc: '2.0',
        id: body.id,
        error: { code: -32601, message: 'Method not found' },
      })
    }
    const answer = answers[body.method]
    const result = typeof answer === 'function' ? (answer as (p: unknown[]) => unknown)(body.params) : answer
    return Response.json({ jsonrpc: '2.0', id: body.id, result })
  }
}

/**
 * A fake sign handler that behaves as H1b's do: it asks the UI, then the signer. The property the
 * dispatcher tests check: the signer is never called without a confirmation.
 */
const fakeSign =
  (sheet: 'signMessage' | 'transaction'): Eip1193Handler =>
  async (_params, ctx) => {
    const ui = await ctx.ui()
    if (sheet === 'signMessage')
      await ui.signMessage({ manifest: ctx.manifest, address: ctx.account, message: 'x' })
    else await ui.transaction({} as never)
    return ctx.signer.signMessage({ address: ctx.account, message: '0x' })
  }

/** Everything a dispatcher test needs. */
export function walletWorld(
  options: { manifest?: Manifest; handlers?: Record<string, Eip1193Handler>; pay?: PayHandler } = {},
) {
  const grants = new MemoryGrantStore()
  const signer = new FakeSigner()
  const ui = new FakeUi()
  const rpcCalls: { method: string; params: unknown }[] = []
  const rpc: Record<string, unknown> = { eth_blockNumber: '0x10', eth_getBalance: '0xde0b6b3a7640000' }
  const apps: AppHandle[] = []
  const controller = new WalletController(
    {
      signer,
      apiUrl: 'http://127.0.0.1:8787',
      chains: [CHAINLESS_DEV_CHAIN, OTHER_CHAIN],
      store: new MemoryKeyValueStore(),
      fetch: rpcFetch(rpc, rpcCalls),
    },
    {
      grants,
      isGranted: (appId, scope, account) => grants.list(appId, account).some((s) => s === scope),
      apps: () => apps,
    },
  )
  const adapter = ui.adapter()
  const handlers: Record<string, Eip1193Handler> = options.handlers ?? {
    personal_sign: fakeSign('signMessage'),
    eth_signTypedData_v4: fakeSign('signMessage'),
    eth_signTransaction: fakeSign('transaction'),
    eth_sendTransaction: fakeSign('transaction'),
    wallet_sendCalls: fakeSign('transaction'),
    eth_sendRawTransaction: async () => `0x${'ab'.repeat(32)}`,
    wallet_getCallsStatus: async () => ({ status: 200 }),
  }
  const dispatcher = new WalletDispatcher({
    controller,
    grants,
    ui: async () => adapter,
    handlers,
    pay: options.pay ?? (async () => ({ hash: `0x${'cd'.repeat(32)}` })),
  })
  const app = fakeApp(options.manifest ?? walletManifest())
  apps.push(app)
  const signal = new AbortController().signal
  const request = (method: string, params?: unknown) =>
    dispatcher.request(params === undefined ? { method } : { method, params }, app, signal)
  return { grants, signer, ui, rpc, rpcCalls, apps, controller, dispatcher, app, request, signal }
}
