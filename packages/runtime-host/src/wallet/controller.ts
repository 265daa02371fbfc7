import { toHexChainId, UnknownChainError } from '@chainless/protocol'
import { getAddress, keccak256 } from 'ethers'
import type { AppHandle } from '../app-handle.js'
import type { GrantEntry, GrantStore } from '../grants.js'
import { InvalidOptionError } from '../invalid-option-error.js'
import type { IsGranted } from '../scope-policy.js'
import { AuditLog } from './audit.js'
import type { RpcClient, WalletChain } from './call-context.js'
import type { KeyValueStore } from './kv.js'
import { idbKeyValueStore } from './kv-idb.js'
import { resolveWalletOptions, type WalletOptions } from './options.js'
import { Policy } from './policy.js'
import { createRpcClient } from './rpc.js'
import type { Signer } from './signers/signer.js'
import { type TxRecord, TxTracker } from './tx-tracker.js'

/** How long a disconnect waits for the platform's revocation before telling the app anyway. */
const REVOKE_NOTICE_WAIT_MS = 5_000
/** How long after its last change a transaction's status is replayed to a (re)loaded app: 10 minutes. */
export const TX_REPLAY_MS = 10 * 60_000

/** @internal What the controller needs from its host. */
export interface WalletControllerDeps {
  grants: GrantStore
  isGranted: IsGranted
  /** The apps mounted now. */
  apps: () => readonly AppHandle[]
  /** A disconnect also revokes the grant at the platform (the host's auth); its failure rejects `disconnect`. */
  onDisconnect?: (appId: string, account: string) => Promise<void>
  /** The wallet session's bearer for the current account (the host's auth). */
  sessionToken?: () => Promise<string | undefined>
}

/**
 * The wallet side of the host: the current account and chain, connected apps, transactions and the
 * audit log. Created by `createRuntimeHost({ wallet })` as `host.wallet`.
 *
 * Apps learn the account only after connecting (`eth_requestAccounts`, remembered per app and
 * account): switching accounts tells each app connected for the new account `accountsChanged
 * [address]`, and apps connected only for the old one `accountsChanged []`.
 *
 * @example
 * ```ts
 * const host = createRuntimeHost({ manifestKeys, wallet: { signer, apiUrl, chains: [CHAINLESS_DEV_CHAIN] } })
 * await host.wallet!.resume()
 * select.onchange = () => host.wallet!.setAccount(select.value)
 * for (const c of await host.wallet!.connections()) list.append(`${c.appId}: ${c.scopes.join(', ')}`)
 * ```
 */
export class WalletController {
  /** Every sensitive call: app, method, decision, policy hits, hash, time. */
  readonly audit: AuditLog
  /** @internal The transaction policy (limits and warnings). */
  readonly policy: Policy
  /** @internal Broadcast, persistence and status tracking. */
  readonly tracker: TxTracker
  /** @internal */
  readonly signer: Signer
  /** @internal */
  readonly store: KeyValueStore
  readonly #deps: WalletControllerDeps
  readonly #chains: ReadonlyMap<number, WalletChain>
  readonly #rpc = new Map<number, RpcClient>()
  readonly #rpcTimeoutMs: number
  readonly #fetch: typeof fetch | undefined
  readonly #stop = new AbortController()
  readonly #addresses: Promise<readonly string[]>
  readonly #connectedAt = new Map<string, number>()
  #account: string | undefined
  #chainId: number

  /** @internal use `createRuntimeHost({ wallet })`. Throws `InvalidOptionError` for a bad option. */
  constructor(options: WalletOptions, deps: WalletControllerDeps) {
    const resolved = resolveWalletOptions(options)
    this.#deps = deps
    this.signer = resolved.signer
    this.#chains = resolved.chains
    this.#chainId = resolved.chainId
    this.#rpcTimeoutMs = resolved.rpcTimeoutMs
    this.#fetch = options.fetch
    this.store = options.store ?? idbKeyValueStore('chainless-wallet')
    this.policy = new Policy(options.policy, this.store)
    this.audit = new AuditLog(this.store)
    this.tracker = new TxTracker({
      apiUrl: resolved.apiUrl,
      store: this.store,
      onStatus: (record) => this.#onStatus(record),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.getSessionToken ? { getSessionToken: options.getSessionToken } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    })
    // The default account is the signer's first; until it answers, `account` is undefined.
    this.#addresses = Promise.resolve()
      .then(() => this.signer.getAddresses())
      .then((addresses) => addresses.map((a) => getAddress(a)))
    this.#addresses.then(
      (addresses) => {
        this.#account ??= addresses[0]
      },
      () => undefined,
    )
  }

  /** The current account (EIP-55 checksummed), or `undefined` until the signer answered (or when it has none). */
  get account(): string | undefined {
    return this.#account
  }

  /** The current chain id. */
  get chainId(): number {
    return this.#chainId
  }

  /** The current chain. */
  get chain(): WalletChain {
    return this.#chains.get(this.#chainId)!
  }

  /** The chains the wallet serves. */
  get chains(): readonly WalletChain[] {
    return [...this.#chains.values()]
  }

  /** The signer's accounts (checksummed); rejects when the signer cannot list them. */
  addresses(): Promise<readonly string[]> {
    return this.#addresses
  }

  /** Resolves with the current account once the signer listed its accounts (`undefined` when it has none). */
  async ready(): Promise<string | undefined> {
    await this.#addresses.catch(() => undefined)
    return this.#account
  }

  /**
   * Switches the current account. Apps connected for `address` get `accountsChanged [address]`; apps
   * that were connected for the previous account only get `accountsChanged []`.
   * @throws {InvalidOptionError} when `address` is not one of the signer's accounts.
   */
  async setAccount(address: string): Promise<void> {
    let addresses = await this.#addresses
    let next: string
    try {
      next = getAddress(address)
    } catch {
      throw new InvalidOptionError('account', "one of the signer's addresses")
    }
    if (!addresses.includes(next)) {
      // A signer whose accounts grow (the sandbox workbench's test accounts) is asked again.
      addresses = (await this.signer.getAddresses()).map((a) => getAddress(a))
      if (!addresses.includes(next)) throw new InvalidOptionError('account', "one of the signer's addresses")
    }
    const previous = this.#account
    if (previous === next) return
    const apps = this.#deps.apps()
    const before = new Set(apps.filter((app) => previous && this.isConnected(app.manifest.appId, previous)))
    this.#account = next
    for (const app of apps) {
      if (this.isConnected(app.manifest.appId, next)) app.send('accountsChanged', [next])
      else if (before.has(app)) app.notifyDisconnected()
    }
  }

  /**
   * Switches the current chain; every app gets `chainChanged` (hex). No-op when already on it.
   * @throws {UnknownChainError} (4902) for a chain the wallet does not serve.
   */
  switchChain(chainId: number): void {
    if (!this.#chains.has(chainId))
      throw new UnknownChainError('Unknown chain', { chainId: toHexChainId(chainId) })
    if (chainId === this.#chainId) return
    this.#chainId = chainId
    for (const app of this.#deps.apps()) app.send('chainChanged', toHexChainId(chainId))
  }

  /** @internal The JSON-RPC client of `chainId` (default the current chain). */
  rpc(chainId = this.#chainId): RpcClient {
    let client = this.#rpc.get(chainId)
    if (!client) {
      const chain = this.#chains.get(chainId)
      if (!chain) throw new UnknownChainError('Unknown chain', { chainId: toHexChainId(chainId) })
      client = createRpcClient({
        url: chain.rpcUrl,
        timeoutMs: this.#rpcTimeoutMs,
        signal: this.#stop.signal,
        ...(this.#fetch ? { fetch: this.#fetch } : {}),
      })
      this.#rpc.set(chainId, client)
    }
    return client
  }

  /** Whether `appId` is connected (holds `user:basic`) for `account` (default the current one). */
  isConnected(appId: string, account: string | undefined = this.#account): boolean {
    return account !== undefined && this.#deps.isGranted(appId, 'user:basic', account)
  }

  /** @internal When `appId` connected for `account` (EIP-2255 `date`), remembered from the connect. */
  connectedAt(appId: string, account: string): number {
    const key = JSON.stringify([appId, account])
    let date = this.#connectedAt.get(key)
    if (date === undefined) {
      date = Date.now()
      this.#connectedAt.set(key, date)
    }
    return date
  }

  /** @internal `appId` just connected for `account`: remember when, and tell its mounted apps. */
  markConnected(appId: string, account: string): void {
    this.#connectedAt.set(JSON.stringify([appId, account]), Date.now())
    if (account !== this.#account) return
    for (const app of this.#deps.apps()) {
      if (app.manifest.appId === appId) app.send('accountsChanged', [account])
    }
  }

  /** The apps holding grants for `account` (every account when omitted), with their scopes. */
  async connections(account?: string): Promise<GrantEntry[]> {
    const wanted = account === undefined ? undefined : getAddress(account)
    return this.#deps.grants
      .entries()
      .filter((entry) => entry.account !== '' && (wanted === undefined || entry.account === wanted))
      .map((entry) => ({ appId: entry.appId, account: entry.account, scopes: [...entry.scopes] }))
  }

  /**
   * Revokes every grant of `appId` for `account` (default the current one). When that is the current
   * account, the app's mounted instances get `accountsChanged []` and `authRevoked`. With the host's
   * auth, the app's tokens for the account are forgotten and the grant is revoked at the platform too
   * (`DELETE /api/v1/wallet/grants/{appId}`: every token of the app for the account dies); a platform
   * failure rejects after the local revocation.
   */
  async disconnect(appId: string, account?: string): Promise<void> {
    const target = account === undefined ? this.#account : getAddress(account)
    if (target === undefined) return
    const scopes = this.#deps.grants.list(appId, target)
    if (scopes.length === 0) return
    const current = target === this.#account
    const apps = this.#deps.apps().filter((app) => app.manifest.appId === appId)
    const wasConnected = this.isConnected(appId, target)
    this.#deps.grants.revoke(appId, target, scopes)
    this.#connectedAt.delete(JSON.stringify([appId, target]))
    // Locally revoked first: the platform being down must not leave the app connected here.
    const platform = Promise.resolve(this.#deps.onDisconnect?.(appId, target))
    if (current && wasConnected) for (const app of apps) app.notifyDisconnected()
    // `authRevoked` once the platform has revoked the tokens (or failed, or 5 s passed): an app that
    // asks its back end on the event then reads "inactive", not a token still live for a moment.
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([
      platform.catch(() => undefined),
      new Promise((resolve) => {
        timer = setTimeout(resolve, REVOKE_NOTICE_WAIT_MS)
      }),
    ])
    clearTimeout(timer)
    if (current) for (const app of apps) app.send('authRevoked', { scopes })
    await platform
  }

  /**
   * Signs the wallet in to the platform for the current account (EIP-4361 for the wallet's origin, see
   * README "Auth") and resolves with the session's bearer; cached until a minute before it expires.
   * Wallets call it at start so that the first authorization or broadcast does not wait for it.
   * `undefined` without an account (or when the wallet brought its own `getSessionToken`).
   * @throws {PlatformUnavailableError} (-32002) when the platform cannot be reached; `AuthPlatformError`
   * when it refuses the sign-in; the signer's errors (4001 when its user check was declined).
   */
  async signIn(): Promise<string | undefined> {
    return this.#deps.sessionToken?.()
  }

  /** Transactions the wallet sent, newest first as the tracker lists them. */
  transactions(filter?: { appId?: string; account?: string }): Promise<TxRecord[]> {
    return this.tracker.list(filter)
  }

  /**
   * Forgets an app's transactions (the workbench's "reset app data"): drops its records that are not
   * final (`signed`, `pending`, `abandoned`), so the wallet stops re-sending and polling them; final
   * ones (`confirmed`, `failed`) stay in the history unless `all` is set. A broadcast still retrying
   * at this moment may write its record back once the platform answers. Resolves with how many
   * records were dropped.
   *
   * @example
   * ```ts
   * const { transactions } = await host.wallet!.forgetApp('hello', { all: true })
   * ```
   */
  async forgetApp(appId: string, options: { all?: boolean } = {}): Promise<{ transactions: number }> {
    const records = await this.tracker.list({ appId })
    let transactions = 0
    for (const record of records) {
      const final = record.state === 'confirmed' || record.state === 'failed'
      if (final && options.all !== true) continue
      // The tracker's keys: `tx:<hash>`, or `relay:<keccak(signature)>` for a relay the platform has not answered.
      const key =
        record.hash !== '' || !record.relay
          ? `tx:${record.hash}`
          : `relay:${keccak256(record.relay.signature).toLowerCase()}`
      await this.store.delete(key)
      transactions++
    }
    return { transactions }
  }

  /** On wallet load: re-sends transactions still `signed`, polls the `pending` ones. */
  async resume(): Promise<void> {
    await this.tracker.resume()
  }

  /** @internal An app called `ready`: it learns the chain, and the latest status of its recent transactions. */
  async appReady(app: AppHandle): Promise<void> {
    app.send('connect', { chainId: toHexChainId(this.#chainId) })
    const since = Date.now() - TX_REPLAY_MS
    let records: TxRecord[]
    try {
      records = await this.tracker.list({ appId: app.manifest.appId })
    } catch {
      return
    }
    for (const record of records) {
      if (record.updatedAt >= since) sendStatus(app, record)
    }
  }

  /** @internal Stops polling and aborts RPC calls (host destroyed). */
  destroy(): void {
    this.#stop.abort()
    this.tracker.stop()
  }

  #onStatus(record: TxRecord): void {
    for (const app of this.#deps.apps()) {
      if (app.manifest.appId === record.appId) sendStatus(app, record)
    }
  }
}

/** `txStatus` for a record the app should hear about (pending, confirmed, failed, dropped). */
function sendStatus(app: AppHandle, record: TxRecord): void {
  const status = record.state
  if (status !== 'pending' && status !== 'confirmed' && status !== 'failed' && status !== 'dropped') return
  app.send('txStatus', {
    hash: record.hash,
    status,
    ...(record.receipt ? { receipt: record.receipt } : {}),
  })
}
