import { getAddress, type InterfaceAbi, isAddress } from 'ethers'
import { resetAppData } from '../../store/app-reset.js'
import { findApp, type Store } from '../../store/index.js'
import { listMockRules, type StoredMockRule, setMockRules } from '../../store/mocks.js'
import { listReports } from '../../store/reports.js'
import type { Handlers, RequestContext } from '../context.js'
import { ApiProblem } from '../problem.js'
import type { RequestLog } from '../request-log.js'
import { accountInfo, mint, setBalance } from '../workbench/accounts.js'
import { type DeployRequest, deployContract, knownAbis, listContracts } from '../workbench/contracts.js'
import type { SandboxChain } from '../workbench/sandbox-chain.js'
import { type SimulateRequest, simulate } from '../workbench/simulate.js'

/** Body limit of a deployment: a 256 KiB source JSON-escaped, or a 48 KiB init code with its ABI. */
export const DEPLOY_BODY_LIMIT = 1024 * 1024

const numberOf = (query: URLSearchParams, name: string) => {
  const raw = query.get(name)
  return raw === null ? undefined : Number(raw)
}

/**
 * The wallet workbench's admin routes (issue 12), all under `/__sandbox/`: the platform request log
 * (JSON and Server-Sent Events), persisted bridge mock rules, test accounts (exact balances, mints,
 * balances and NFTs of an address), contracts (list, deploy from an artifact or one Solidity file),
 * transaction simulation, one app's data reset, and the reports users filed.
 *
 * @example
 * ```ts
 * const handlers = { ...workbenchRoutes({ store, log, chain: new SandboxChain({ rpcUrl, chainId }), now: Date.now }) }
 * ```
 */
export function workbenchRoutes(deps: {
  store: Store
  log: RequestLog
  chain: SandboxChain | undefined
  now: () => number
}): Handlers {
  const { store, log, now } = deps
  const chain = (): SandboxChain => {
    if (!deps.chain) throw new ApiProblem(502, 'chain_unavailable', 'The sandbox runs without a chain')
    return deps.chain
  }
  const address = (ctx: RequestContext) => getAddress(ctx.params.address!.toLowerCase())
  const filter = (ctx: RequestContext) => {
    const appId = ctx.query.get('appId')
    const since = numberOf(ctx.query, 'since')
    return { ...(appId === null ? {} : { appId }), ...(since === undefined ? {} : { since }) }
  }
  return {
    getSandboxRequests: (ctx) => {
      const limit = numberOf(ctx.query, 'limit')
      return {
        status: 200,
        body: { requests: log.entries({ ...filter(ctx), ...(limit === undefined ? {} : { limit }) }) },
      }
    },
    streamSandboxRequests: (ctx) => {
      // an EventSource that reconnects sends the last id it saw: it resumes there, missing nothing
      const last = ctx.req.headers['last-event-id']
      const resume =
        ctx.query.get('since') === null && typeof last === 'string' && /^[0-9]{1,15}$/.test(last)
          ? { since: Number(last) }
          : {}
      return { status: 200, stream: (res) => log.stream(ctx.req, res, { ...filter(ctx), ...resume }) }
    },
    getSandboxMocks: () => ({ status: 200, body: { rules: listMockRules(store) } }),
    putSandboxMocks: (ctx) => {
      const { rules } = ctx.body as { rules: StoredMockRule[] }
      const seen = new Set<string>()
      rules.forEach((rule, i) => {
        if (seen.has(rule.id))
          throw new ApiProblem(400, 'invalid_body', `Rule ids must be unique: "${rule.id}" repeats`, {
            errors: [{ pointer: `/rules/${i}/id`, message: 'duplicate id' }],
          })
        seen.add(rule.id)
        // the same rule as the wallet's parser (runtime-host devtools): a mixed-case address must be
        // a valid EIP-55 checksum, or the wallet would refuse the stored rule
        if (rule.account !== undefined && !isAddress(rule.account))
          throw new ApiProblem(400, 'invalid_body', `Rule ${i}: the account's checksum is wrong`, {
            errors: [{ pointer: `/rules/${i}/account`, message: 'bad EIP-55 checksum' }],
          })
      })
      setMockRules(store, rules)
      return { status: 200, body: { rules: listMockRules(store) } }
    },
    getSandboxAccount: async (ctx) => ({ status: 200, body: await accountInfo(chain(), address(ctx)) }),
    setSandboxBalance: async (ctx) => {
      const { asset, amount } = ctx.body as { asset: 'DW20' | 'CRC20'; amount: string }
      const to = address(ctx)
      const balance = await setBalance(chain(), to, asset, amount)
      return { status: 200, body: { address: to, asset, balance: balance.toString() } }
    },
    mintSandboxToken: async (ctx) => {
      const body = ctx.body as Parameters<typeof mint>[2]
      const to = address(ctx)
      return { status: 200, body: { address: to, asset: body.asset, ...(await mint(chain(), to, body)) } }
    },
    listSandboxContracts: async () => ({
      status: 200,
      body: { contracts: await listContracts(chain(), store) },
    }),
    deploySandboxContract: async (ctx) => ({
      status: 201,
      body: await deployContract(chain(), store, ctx.body as DeployRequest, now),
    }),
    simulateSandboxTx: async (ctx) => {
      const c = chain()
      return {
        status: 200,
        body: await simulate(c, ctx.body as SimulateRequest, knownAbis(c, store) as InterfaceAbi[]),
      }
    },
    resetSandboxApp: (ctx) => {
      const appId = ctx.params.appId!
      if (!findApp(store, appId)) throw new ApiProblem(404, 'app_not_found', `No app "${appId}"`)
      return { status: 200, body: { appId, cleared: resetAppData(store, appId) } }
    },
    getSandboxReports: (ctx) => {
      const appId = ctx.query.get('appId')
      return { status: 200, body: { reports: listReports(store, appId === null ? {} : { appId }) } }
    },
  }
}
