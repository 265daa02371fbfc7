import {
  BridgeError,
  EIP1193_METHODS,
  InternalError,
  InvalidParamsError,
  isEip1193Method,
  type Manifest,
  type Scope,
  toHexChainId,
  type UiAdapter,
  UnauthorizedError,
  UnsupportedMethodError,
  UserRejectedError,
} from '@chainless/protocol'
import { eip1193ParamSchemas } from '@chainless/protocol/schemas'
import { getAddress } from 'ethers'
import * as v from 'valibot'
import type { AppHandle } from '../app-handle.js'
import type { GrantStore } from '../grants.js'
import type { AuditEntry } from './audit.js'
import type { Eip1193Handler, WalletCallContext } from './call-context.js'
import type { WalletController } from './controller.js'

/** `walletPay`'s params (validated by the bridge guard). */
export interface PayParams {
  to: string
  amount: string
  token?: string
}

/** The handler of the `walletPay` bridge method. */
export type PayHandler = (params: PayParams, ctx: WalletCallContext) => Promise<{ hash: string }>

/** @internal What the dispatcher needs. */
export interface WalletDispatchDeps {
  controller: WalletController
  grants: GrantStore
  ui: () => Promise<UiAdapter>
  /** Sign/send handlers by EIP-1193 method (H1b's `signHandlers`, `sendHandlers`); a missing one is 4200. */
  handlers: Readonly<Record<string, Eip1193Handler | undefined>>
  /** The `walletPay` handler; missing → 4200. */
  pay?: PayHandler | undefined
}

/** Wallet scopes the connect sheet offers along with `user:basic` (when declared and not yet granted). */
const CONNECT_SCOPES: readonly Scope[] = ['tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer']

/** Methods logged in the audit log (besides connect and switch, logged by the dispatcher itself). */
const AUDITED_KINDS = new Set(['sign', 'send'])

/** An audit decision for an error, as the handlers decide it. */
function decisionOf(code: number): AuditEntry['decision'] {
  return code === 4001 ? 'rejected' : code === -32003 || code === 4100 ? 'refused' : 'failed'
}

/** Any thrown value as a typed bridge error: another kind becomes -32603 (its message in details only). */
function toBridgeError(error: unknown): BridgeError {
  if (error instanceof BridgeError) return error
  const said = error instanceof Error ? error.message : ''
  return new InternalError('Internal error', undefined, { details: said.slice(0, 200), cause: error })
}

/** Up to 10 valibot issues as `path: message` lines. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.slice(0, 10).map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`.slice(0, 200))
}

/**
 * The wallet's EIP-1193 dispatcher: serves `walletRequest({ method, params })` and `walletPay`.
 *
 * - An unknown method → 4200; params that do not match `eip1193ParamSchemas[method]` → -32602 with
 *   the issues in `data.issues` (nothing is shown or signed).
 * - A method whose scopes the manifest does not declare → 4100. Sign and send need the app connected
 *   for the current account (`user:basic` granted for it) → else 4100 and no address; a declared scope
 *   not granted yet → a consent sheet for it first.
 * - `eth_requestAccounts` / `wallet_requestPermissions` → one consent sheet (remembered per app and
 *   account); `eth_accounts` → `[]` until connected.
 * - Read methods → the chain's RPC proxy, result passed through.
 * @see https://eips.ethereum.org/EIPS/eip-1193
 */
export class WalletDispatcher {
  readonly #deps: WalletDispatchDeps
  /** Connect sheets in flight, per app and account: a second request waits for the same answer. */
  readonly #connecting = new Map<string, Promise<void>>()

  constructor(deps: WalletDispatchDeps) {
    this.#deps = deps
  }

  /** `walletRequest`: one EIP-1193 request. Always resolves with JSON data or rejects with a `BridgeError`. */
  async request(raw: unknown, app: AppHandle, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.#request(raw, app, signal)
    } catch (error) {
      throw toBridgeError(error)
    }
  }

  /** `walletPay({ to, amount, token? })` → `{ hash }` once broadcast. */
  async pay(params: PayParams, app: AppHandle, signal: AbortSignal): Promise<{ hash: string }> {
    try {
      const pay = this.#deps.pay
      if (!pay) throw new UnsupportedMethodError('Unsupported method', { method: 'walletPay' })
      const account = await this.#deps.controller.ready()
      const manifest = app.manifest
      // The bridge guard checked asset:transfer for the current account; pay also needs the connection.
      const refusal = this.#notConnected(manifest, account)
      if (refusal) {
        await this.#audit(manifest, account, 'walletPay', refusal)
        throw refusal
      }
      const ctx = this.#context(app, account!, signal)
      return await this.#audited(ctx, 'walletPay', () => pay(params, ctx.ctx))
    } catch (error) {
      throw toBridgeError(error)
    }
  }

  async #request(raw: unknown, app: AppHandle, signal: AbortSignal): Promise<unknown> {
    const { method, params } = raw as { method: string; params?: unknown }
    if (!isEip1193Method(method)) {
      throw new UnsupportedMethodError('Unsupported method', { method: String(method).slice(0, 64) })
    }
    const info = EIP1193_METHODS[method]!
    const manifest = app.manifest
    const controller = this.#deps.controller
    const sensitive = AUDITED_KINDS.has(info.kind)
    const parsed = v.safeParse(eip1193ParamSchemas[method]!, params)
    if (!parsed.success) {
      const error = new InvalidParamsError('Invalid params', {
        method,
        issues: describeIssues(parsed.issues),
      })
      if (sensitive) await this.#audit(manifest, controller.account, method, error)
      throw error
    }
    const args = parsed.output as readonly unknown[]
    const undeclared = info.scopes.find((scope) => !manifest.scopes.includes(scope))
    if (undeclared) {
      const error = new UnauthorizedError('Scope not declared in the manifest', { scope: undeclared })
      if (sensitive) await this.#audit(manifest, controller.account, method, error)
      throw error
    }
    const account = await controller.ready()
    switch (info.kind) {
      case 'connect':
        if (method === 'eth_accounts') {
          return account && controller.isConnected(manifest.appId, account) ? [account] : []
        }
        await this.#connect(app, account, signal)
        return [account]
      case 'permissions':
        if (method === 'wallet_requestPermissions') await this.#connect(app, account, signal)
        return account && controller.isConnected(manifest.appId, account)
          ? [this.#permission(manifest, account)]
          : []
      case 'chain':
        return this.#chain(method, args, app, account, signal)
      case 'read':
        return controller.rpc().request(method, args)
      default: {
        // sign, send
        // Not connected → 4100 first, whatever the method: an unconnected app learns nothing.
        const refusal = this.#notConnected(manifest, account)
        if (refusal) {
          await this.#audit(manifest, account, method, refusal)
          throw refusal
        }
        const handler = Object.hasOwn(this.#deps.handlers, method) ? this.#deps.handlers[method] : undefined
        if (!handler) throw new UnsupportedMethodError('Unsupported method', { method })
        const ctx = this.#context(app, account!, signal)
        return this.#audited(ctx, method, async () => {
          await ctx.ctx.ensureScopes(info.scopes)
          return handler(args, ctx.ctx)
        })
      }
    }
  }

  async #chain(
    method: string,
    args: readonly unknown[],
    app: AppHandle,
    account: string | undefined,
    signal: AbortSignal,
  ): Promise<unknown> {
    const controller = this.#deps.controller
    const manifest = app.manifest
    switch (method) {
      case 'eth_chainId':
        return toHexChainId(controller.chainId)
      case 'wallet_switchEthereumChain': {
        const { chainId: hex } = args[0] as { chainId: string }
        const id = BigInt(hex)
        try {
          // Beyond a safe integer no configured chain matches: UnknownChainError below.
          controller.switchChain(id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : -1)
        } catch (error) {
          await this.#audit(manifest, account, method, toBridgeError(error))
          throw error
        }
        await this.#append({ appId: manifest.appId, account, method, decision: 'approved', policyHits: [] })
        return null
      }
      case 'wallet_getCapabilities': {
        const [address, chainIds] = args as readonly [string?, (readonly string[])?]
        if (address !== undefined) {
          // EIP-5792: capabilities of the connected account only; another address learns nothing.
          if (
            !account ||
            !controller.isConnected(manifest.appId, account) ||
            !sameAddress(address, account)
          ) {
            throw new UnauthorizedError('Unauthorized', undefined, { details: 'Not the connected account' })
          }
        }
        const wanted = chainIds?.map((hex) => BigInt(hex))
        const out: Record<string, unknown> = {}
        for (const chain of controller.chains) {
          if (wanted && !wanted.includes(BigInt(chain.chainId))) continue
          out[toHexChainId(chain.chainId)] = {
            atomic: { status: 'unsupported' },
            sponsorship: { supported: manifest.sponsored === true },
          }
        }
        return out
      }
      default: {
        // wallet_getCallsStatus: served by the send handlers, no scope (an id only its sender knows).
        const handler = Object.hasOwn(this.#deps.handlers, method) ? this.#deps.handlers[method] : undefined
        if (!handler) throw new UnsupportedMethodError('Unsupported method', { method })
        if (!account || !controller.isConnected(manifest.appId, account)) {
          throw new UnauthorizedError('Not connected')
        }
        return handler(args, this.#context(app, account, signal).ctx)
      }
    }
  }

  /** 4100 unless the app is connected for `account`; the error names no address. */
  #notConnected(manifest: Manifest, account: string | undefined): UnauthorizedError | undefined {
    if (account && this.#deps.controller.isConnected(manifest.appId, account)) return undefined
    return new UnauthorizedError('Not connected', undefined, {
      details: 'The app must connect (eth_requestAccounts) for the current account first',
    })
  }

  /** EIP-2255 permission of a connected app. */
  #permission(manifest: Manifest, account: string) {
    return {
      parentCapability: 'eth_accounts',
      caveats: [{ type: 'restrictReturnedAccounts', value: [account] }],
      invoker: manifest.origin,
      date: this.#deps.controller.connectedAt(manifest.appId, account),
    }
  }

  /**
   * Connect is consent: one sheet with the account, `user:basic` and the declared wallet scopes not
   * yet granted (the user may untick all but `user:basic`). Remembered per app and account.
   */
  async #connect(app: AppHandle, account: string | undefined, signal: AbortSignal): Promise<void> {
    const controller = this.#deps.controller
    const manifest = app.manifest
    if (!account)
      throw new UnauthorizedError('No account', undefined, { details: 'The signer has no account' })
    if (controller.isConnected(manifest.appId, account)) return
    const key = JSON.stringify([manifest.appId, account])
    let pending = this.#connecting.get(key)
    if (!pending) {
      pending = this.#askConnect(manifest, account, signal).finally(() => this.#connecting.delete(key))
      this.#connecting.set(key, pending)
    }
    await pending
  }

  async #askConnect(manifest: Manifest, account: string, signal: AbortSignal): Promise<void> {
    const granted = this.#deps.grants.list(manifest.appId, account)
    const extra = CONNECT_SCOPES.filter((s) => manifest.scopes.includes(s) && !granted.includes(s))
    const scopes: Scope[] = ['user:basic', ...extra]
    const base = { appId: manifest.appId, account, method: 'eth_requestAccounts', policyHits: [] }
    try {
      const ui = await this.#deps.ui()
      const decision = await ui.consent({ manifest, scopes, account, signal })
      const chosen = scopes.filter((s) => decision.granted.includes(s))
      if (!chosen.includes('user:basic')) throw new UserRejectedError('User rejected the request')
      // The account may have changed while the sheet was open: the grant is for the one shown.
      this.#deps.grants.grant(manifest.appId, account, chosen)
    } catch (error) {
      const e = toBridgeError(error)
      await this.#append({ ...base, decision: decisionOf(e.code), code: e.code })
      throw error
    }
    await this.#append({ ...base, decision: 'approved' })
    this.#deps.controller.markConnected(manifest.appId, account)
  }

  /** The context a sign/send/pay handler runs with; `appended` tells whether the handler audited itself. */
  #context(
    app: AppHandle,
    account: string,
    signal: AbortSignal,
  ): { ctx: WalletCallContext; appended: () => boolean } {
    const controller = this.#deps.controller
    const manifest = app.manifest
    const chain = controller.chain
    let appended = false
    const audit = controller.audit
    const append = (entry: Omit<AuditEntry, 'id' | 'time'>) => {
      appended = true
      return audit.append(entry)
    }
    // The log itself, with `append` observed (its other methods bound to it: private fields).
    const auditProxy = new Proxy(audit, {
      get(target, key) {
        if (key === 'append') return append
        const value: unknown = Reflect.get(target, key, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    const known = new Set<string>()
    for (const contract of manifest.contracts ?? []) {
      if (contract.chainId !== chain.chainId) continue
      try {
        known.add(getAddress(contract.address))
      } catch {
        // a malformed manifest address is simply not known
      }
    }
    for (const address of chain.contracts ?? []) known.add(address)
    if (chain.forwarder) known.add(chain.forwarder.address)
    const ctx: WalletCallContext = {
      app,
      manifest,
      account,
      chain,
      signer: controller.signer,
      rpc: controller.rpc(chain.chainId),
      ui: this.#deps.ui,
      signal,
      policy: controller.policy,
      tracker: controller.tracker,
      audit: auditProxy,
      ensureScopes: (scopes) => this.#ensureScopes(manifest, account, scopes, signal),
      knownContracts: Object.freeze([...known]),
    }
    return { ctx, appended: () => appended }
  }

  /** Declared but not granted → a consent sheet for those; not declared → 4100; declined → 4001. */
  async #ensureScopes(
    manifest: Manifest,
    account: string,
    scopes: readonly Scope[],
    signal: AbortSignal,
  ): Promise<void> {
    const undeclared = scopes.find((scope) => !manifest.scopes.includes(scope))
    if (undeclared) throw new UnauthorizedError('Scope not declared in the manifest', { scope: undeclared })
    const granted = this.#deps.grants.list(manifest.appId, account)
    const missing = scopes.filter((scope) => !granted.includes(scope))
    if (missing.length === 0) return
    const ui = await this.#deps.ui()
    const decision = await ui.consent({ manifest, scopes: missing, account, signal })
    const chosen = missing.filter((s) => decision.granted.includes(s))
    if (chosen.length > 0) this.#deps.grants.grant(manifest.appId, account, chosen)
    if (chosen.length < missing.length)
      throw new UserRejectedError('User did not grant the scopes', { scopes: missing })
  }

  /** Runs a handler; when it did not audit itself, the dispatcher appends the entry. */
  async #audited<T>(
    ctx: { ctx: WalletCallContext; appended: () => boolean },
    method: string,
    run: () => Promise<T>,
  ): Promise<T> {
    const { manifest, account } = ctx.ctx
    try {
      const result = await run()
      if (!ctx.appended()) {
        const hash = hashOf(result)
        await this.#append({
          appId: manifest.appId,
          account,
          method,
          decision: 'approved',
          policyHits: [],
          ...(hash ? { hash } : {}),
        })
      }
      return result
    } catch (error) {
      if (!ctx.appended()) await this.#audit(manifest, account, method, toBridgeError(error))
      throw error
    }
  }

  #audit(manifest: Manifest, account: string | undefined, method: string, error: BridgeError): Promise<void> {
    return this.#append({
      appId: manifest.appId,
      account,
      method,
      decision: decisionOf(error.code),
      policyHits: [],
      code: error.code,
    })
  }

  /** A failing audit store never fails the call: the user's decision stands. */
  async #append(
    entry: Omit<AuditEntry, 'id' | 'time' | 'account'> & { account?: string | undefined },
  ): Promise<void> {
    const { account, ...rest } = entry
    await this.#deps.controller.audit.append(account ? { ...rest, account } : rest).catch(() => undefined)
  }
}

/** Whether two addresses are the same (any case). */
function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** The transaction hash in a handler's result (`0x…` or `{ hash }`), if any. */
function hashOf(result: unknown): string | undefined {
  const hash = typeof result === 'string' ? result : (result as { hash?: unknown } | null)?.hash
  return typeof hash === 'string' && /^0x[0-9a-fA-F]{64}$/.test(hash) ? hash : undefined
}
