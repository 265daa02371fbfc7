import { FetchRequest, JsonRpcProvider, Network, type PerformActionRequest } from 'ethers'
import type { FetchLike } from '../../auth/client.js'
import type { PlatformClient } from '../../platform/client.js'
import type { TxService } from '../tx.js'

/**
 * An ethers v6 `JsonRpcProvider` on the platform's read-only RPC proxy (`POST /api/v1/rpc/{chainId}`),
 * with a static network (no `eth_chainId` probe before calls, no network-change polling; ethers only
 * polls for event subscriptions and `tx.wait()`). Reads go to the proxy; `broadcastTransaction` (what a
 * connected signer's `sendTransaction` ends in) goes through the platform's `POST /api/v1/tx/broadcast`,
 * signed by the app, since the proxy refuses writes.
 */
export class PlatformRpcProvider extends JsonRpcProvider {
  readonly #tx: TxService
  constructor(options: {
    client: PlatformClient
    tx: TxService
    chainId: number
    fetch?: FetchLike | undefined
  }) {
    const request = new FetchRequest(`${options.client.baseUrl}/api/v1/rpc/${options.chainId}`)
    const fetchImpl = options.fetch
    if (fetchImpl) {
      // Route ethers' HTTP through the client's fetch (agents, proxies, tests).
      request.getUrlFunc = async (req, signal) => {
        const controller = new AbortController()
        signal?.addListener(() => controller.abort())
        const response = await fetchImpl(req.url, {
          method: req.method,
          headers: Object.fromEntries(Object.entries(req.headers)),
          ...(req.body ? { body: Buffer.from(req.body) } : {}),
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(req.timeout)]),
        })
        return {
          statusCode: response.status,
          statusMessage: response.statusText,
          headers: Object.fromEntries(response.headers),
          body: new Uint8Array(await response.arrayBuffer()),
        }
      }
    }
    const network = Network.from(options.chainId)
    super(request, network, { staticNetwork: network })
    this.#tx = options.tx
  }

  override async _perform(req: PerformActionRequest): Promise<unknown> {
    if (req.method === 'broadcastTransaction') return (await this.#tx.broadcast(req.signedTransaction)).hash
    return super._perform(req)
  }
}
