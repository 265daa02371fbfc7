import type { Broadcaster } from '../broadcast.js'
import type { Handlers } from '../context.js'
import { ApiProblem } from '../problem.js'
import type { Relayer, RelayInput } from '../relay.js'
import { type JsonRpcRequest, proxyRpc } from '../rpc.js'

/** The chain endpoints: the read-only RPC proxy, broadcast, the sponsored relay and transaction status. */
export function chainRoutes(deps: {
  chain: { rpcUrl: string; chainId: number } | undefined
  broadcaster: Broadcaster | undefined
  relayer: Relayer | undefined
}): Handlers {
  const chainOf = () => {
    if (!deps.chain || !deps.broadcaster || !deps.relayer)
      throw new ApiProblem(502, 'chain_unavailable', 'No chain is configured')
    return { ...deps.chain, broadcaster: deps.broadcaster, relayer: deps.relayer }
  }
  return {
    rpcProxy: async (ctx) => {
      const chain = chainOf()
      if (ctx.params.chainId !== String(chain.chainId))
        throw new ApiProblem(
          404,
          'unknown_chain',
          `Chain ${ctx.params.chainId} is not served (${chain.chainId} is)`,
        )
      return {
        status: 200,
        body: await proxyRpc(chain.rpcUrl, ctx.body as JsonRpcRequest | JsonRpcRequest[]),
      }
    },
    broadcastTx: async (ctx) => {
      const { broadcaster } = chainOf()
      return { status: 202, body: await broadcaster.submit((ctx.body as { raw: string }).raw, ctx.appId) }
    },
    relayTx: async (ctx) => {
      const { relayer } = chainOf()
      return { status: 202, body: await relayer.submit(ctx.body as RelayInput) }
    },
    getTxStatus: async (ctx) => {
      const { broadcaster } = chainOf()
      return { status: 200, body: await broadcaster.status(ctx.params.hash!) }
    },
  }
}
