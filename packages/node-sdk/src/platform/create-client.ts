import { CHAINLESS_DEV_CHAIN_ID } from '@chainless/protocol'
import { type AppsService, appsService } from '../services/apps.js'
import { type ContractsService, contractsService } from '../services/contracts/index.js'
import { type MessagesService, messagesService } from '../services/messages.js'
import { type StorageService, storageService } from '../services/storage.js'
import { type TxService, txService } from '../services/tx.js'
import type { PlatformClient } from './client.js'
import { createRequestClient, type PlatformClientOptions } from './request.js'

/** Options of {@link createPlatformClient}: the request options and the default chain of `contracts`. */
export interface CreatePlatformClientOptions extends PlatformClientOptions {
  /** Chain of `client.contracts` when a call names none. Default the Chainless dev chain (49569). */
  chainId?: number | undefined
}

/** The platform client with its services. */
export interface PlatformServicesClient extends PlatformClient {
  readonly apps: AppsService
  readonly messages: MessagesService
  readonly storage: StorageService
  readonly tx: TxService
  readonly contracts: ContractsService
  /** Releases what the client holds (the contract providers). Requests still work after it. */
  close(): void
}

/**
 * A client of the platform API for a mini-program's back end: every request HMAC-signed (v2) with the
 * app key, an `Idempotency-Key` on every POST/PUT/DELETE reused across its retries, bounded retries
 * with exponential backoff and full jitter on network errors, timeouts, 429 and 5xx (`Retry-After`
 * honoured), per-attempt timeouts, problem+json answers as {@link PlatformError}. Connections are kept
 * alive by Node's built-in `fetch`.
 *
 * @example
 * ```ts
 * const client = createPlatformClient({ appId: 'my-app', appKey: process.env.APP_KEY!, baseUrl: 'http://localhost:8787' })
 * await client.messages.send({ userId, title: 'Order shipped', body: 'It is on its way' })
 * await client.storage.user(userId).set('cart', [])
 * const balance = await client.contracts.crc20(token).balanceOf(userId)
 * ```
 */
export function createPlatformClient(options: CreatePlatformClientOptions): PlatformServicesClient {
  const core = createRequestClient(options)
  const tx = txService(core)
  const contracts = contractsService(core, tx, {
    chainId: options.chainId ?? CHAINLESS_DEV_CHAIN_ID,
    fetch: options.fetch,
  })
  return {
    appId: core.appId,
    baseUrl: core.baseUrl,
    request: core.request,
    apps: appsService(core),
    messages: messagesService(core),
    storage: storageService(core),
    tx,
    contracts,
    close: () => contracts.destroy(),
  }
}
