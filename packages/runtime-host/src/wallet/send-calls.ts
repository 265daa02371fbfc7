/**
 * EIP-5792 (v2.0.0) `wallet_sendCalls` / `wallet_getCallsStatus`. The wallet has no smart account, so
 * a batch is not atomic: one sheet for all calls, then one transaction per call with consecutive
 * nonces (or, for a sponsored app, one relayed forward request per call).
 * @see https://eips.ethereum.org/EIPS/eip-5792
 */
import {
  BridgeError,
  ChainDisconnectedError,
  type RiskWarning,
  type RpcTransactionReceipt,
  toHexChainId,
  UnauthorizedError,
} from '@chainless/protocol'
import { hexlify, randomBytes } from 'ethers'
import type { Eip1193Handler, WalletCallContext } from './call-context.js'
import { checksumAddress, invalidParams, maxFeeOf, prepareTransaction } from './prepare.js'
import { broadcastSigned, withAccountQueue } from './send-broadcast.js'
import { type AuditNote, audited } from './sign-common.js'
import {
  feeLine,
  type ReviewedCall,
  type ReviewedTransaction,
  reviewTransaction,
  sheetBase,
  signExactTransaction,
} from './sign-transaction.js'
import {
  forwarderNonce,
  isSponsored,
  type PreparedForward,
  prepareForward,
  relayForward,
  signForward,
} from './sponsor.js'
import type { TxTracker } from './tx-tracker.js'

/** EIP-5792 error codes the wallet answers with. */
export const EIP5792_ERRORS = Object.freeze({
  UnsupportedCapability: 5700,
  DuplicateId: 5720,
  UnknownBundle: 5730,
  AtomicityNotSupported: 5760,
})

/** Batches kept per host, for `wallet_getCallsStatus`; the oldest is forgotten beyond this. */
const MAX_BATCHES = 1000

/** A batch sent: hash per call, `null` for a call that was never broadcast. */
interface Batch {
  appId: string
  chainId: number
  hashes: (string | null)[]
}

// One table per tracker (one tracker per wallet host), so two hosts in a page never see each other's batches.
const batchesByTracker = new WeakMap<object, Map<string, Batch>>()
function batches(tracker: TxTracker): Map<string, Batch> {
  let map = batchesByTracker.get(tracker)
  if (!map) {
    map = new Map()
    batchesByTracker.set(tracker, map)
  }
  return map
}
const key = (appId: string, id: string) => `${appId}\n${id}`

interface SendCallsParams {
  version: string
  id?: string
  from?: string
  chainId: string
  atomicRequired?: boolean
  calls: readonly { to?: string; data?: string; value?: string; capabilities?: Record<string, unknown> }[]
  capabilities?: Record<string, unknown>
}

/** EIP-5792: a capability the wallet does not support is an error unless the app marked it optional. */
function assertCapabilities(capabilities: Record<string, unknown> | undefined): void {
  for (const [name, value] of Object.entries(capabilities ?? {})) {
    const optional =
      typeof value === 'object' && value !== null && (value as { optional?: unknown }).optional === true
    if (!optional) {
      throw new BridgeError(
        EIP5792_ERRORS.UnsupportedCapability,
        'Unsupported non-optional capability',
        undefined,
        {
          details: `Capability ${name.slice(0, 64)} is not supported`,
        },
      )
    }
  }
}

function mergeWarnings(reviewed: readonly ReviewedCall[]): RiskWarning[] {
  const seen = new Set<string>()
  const out: RiskWarning[] = []
  for (const r of reviewed) {
    for (const w of r.warnings) {
      const k = `${w.level}\n${w.message}`
      if (!seen.has(k)) {
        seen.add(k)
        out.push(w)
      }
    }
  }
  return out
}

/** `wallet_sendCalls` `[{ version, chainId, calls, … }]` → `{ id }` once the calls are broadcast. */
export const sendCalls: Eip1193Handler = (params, ctx) =>
  audited(ctx, 'wallet_sendCalls', async (note) => {
    const p = params[0] as SendCallsParams
    if (p.version !== '2.0.0')
      throw invalidParams('Unsupported version', 'wallet_sendCalls version must be 2.0.0')
    if (BigInt(p.chainId) !== BigInt(ctx.chain.chainId)) {
      throw new ChainDisconnectedError('Chain not available', undefined, {
        details: `The batch is for chain ${BigInt(p.chainId)}; the wallet is on ${ctx.chain.chainId}`,
      })
    }
    if (p.from !== undefined && checksumAddress(p.from, 'from') !== ctx.account) {
      throw new UnauthorizedError('Unauthorized', undefined, {
        details: '`from` is not the connected account',
      })
    }
    if (p.atomicRequired === true) {
      throw new BridgeError(EIP5792_ERRORS.AtomicityNotSupported, 'Atomicity not supported', undefined, {
        details: 'The wallet sends the calls one by one; send with atomicRequired: false',
      })
    }
    assertCapabilities(p.capabilities)
    for (const c of p.calls) assertCapabilities(c.capabilities)
    const table = batches(ctx.tracker)
    const id = p.id ?? hexlify(randomBytes(32))
    if (table.has(key(ctx.manifest.appId, id))) {
      throw new BridgeError(EIP5792_ERRORS.DuplicateId, 'Duplicate id', undefined, {
        details: 'A batch with this id exists',
      })
    }
    const hashes = await withAccountQueue(ctx, () =>
      isSponsored(ctx) ? sponsoredBatch(ctx, p, note) : ownBatch(ctx, p, note),
    )
    table.set(key(ctx.manifest.appId, id), { appId: ctx.manifest.appId, chainId: ctx.chain.chainId, hashes })
    if (table.size > MAX_BATCHES) table.delete(table.keys().next().value as string)
    return { id }
  })

/**
 * Sends `count` items one by one. The first failure before anything was broadcast is the call's
 * error; after that the batch is partial (the remaining calls stay `null`: never broadcast, and the
 * status reports it) because what was broadcast cannot be taken back.
 */
async function sequentially(count: number, send: (i: number) => Promise<string>): Promise<(string | null)[]> {
  const hashes: (string | null)[] = Array.from({ length: count }, () => null)
  for (let i = 0; i < count; i++) {
    try {
      hashes[i] = await send(i)
    } catch (error) {
      if (i === 0) throw error
      break
    }
  }
  return hashes
}

async function ownBatch(
  ctx: WalletCallContext,
  p: SendCallsParams,
  note: AuditNote,
): Promise<(string | null)[]> {
  const first = Number(
    BigInt(await ctx.rpc.request<string>('eth_getTransactionCount', [ctx.account, 'pending'])),
  )
  const reviewed: ReviewedTransaction[] = []
  for (const [i, c] of p.calls.entries()) {
    const prepared = await prepareTransaction({ to: c.to, data: c.data, value: c.value }, ctx, {
      nonce: first + i,
    })
    reviewed.push(await reviewTransaction(ctx, prepared))
  }
  for (const r of reviewed) note.hits.push(...r.hits)
  const ui = await ctx.ui()
  await ui.transaction({
    ...sheetBase(ctx),
    kind: 'batch',
    value: reviewed.reduce((sum, r) => sum + r.shown.value, 0n).toString(10),
    calls: reviewed.map((r) => r.call),
    fee: feeLine(
      ctx,
      reviewed.reduce((sum, r) => sum + maxFeeOf(r.shown), 0n),
      'user',
    ),
    warnings: mergeWarnings(reviewed),
  })
  const hashes = await sequentially(reviewed.length, async (i) => {
    const signed = await signExactTransaction(ctx, reviewed[i]!.unsigned)
    return broadcastSigned(ctx, signed, note)
  })
  note.hash = hashes[0] ?? undefined
  return hashes
}

async function sponsoredBatch(
  ctx: WalletCallContext,
  p: SendCallsParams,
  note: AuditNote,
): Promise<(string | null)[]> {
  const first = await forwarderNonce(ctx)
  const forwards: PreparedForward[] = []
  for (const [i, c] of p.calls.entries()) {
    forwards.push(
      await prepareForward(ctx, { to: c.to, data: c.data, value: c.value }, { nonce: first + BigInt(i) }),
    )
  }
  for (const f of forwards) note.hits.push(...f.hits)
  const ui = await ctx.ui()
  await ui.transaction({
    ...sheetBase(ctx),
    kind: 'batch',
    value: '0',
    calls: forwards.map((f) => f.call),
    fee: feeLine(
      ctx,
      forwards.reduce((sum, f) => sum + f.fee, 0n),
      'platform',
    ),
    warnings: mergeWarnings(forwards),
  })
  const hashes = await sequentially(forwards.length, async (i) => {
    const forward = forwards[i]!
    const hash = await relayForward(ctx, forward, await signForward(ctx, forward))
    await ctx.policy
      .recordSent({
        appId: ctx.manifest.appId,
        account: ctx.account,
        chainId: ctx.chain.chainId,
        to: forward.request.to,
        value: 0n,
      })
      .catch(() => {})
    return hash
  })
  note.hash = hashes[0] ?? undefined
  return hashes
}

/** EIP-5792's receipt: the fields of the JSON-RPC receipt it names. */
function callReceipt(r: RpcTransactionReceipt) {
  return {
    logs: r.logs.map((log) => {
      const l = log as { address?: unknown; data?: unknown; topics?: unknown }
      return { address: l.address, data: l.data, topics: l.topics }
    }),
    status: r.status,
    blockHash: r.blockHash,
    blockNumber: r.blockNumber,
    gasUsed: r.gasUsed,
    transactionHash: r.transactionHash,
  }
}

/**
 * `wallet_getCallsStatus` `[id]` → `{ version, id, chainId, atomic: false, status, receipts }`: 100
 * while any call is pending, 200 all confirmed, 400 none made it on chain (never broadcast, refused,
 * abandoned), 500 all reverted (`failed`), 600 anything in between. An id this app did not send (or that the wallet forgot) is 5730.
 */
export const getCallsStatus: Eip1193Handler = async (params, ctx) => {
  const id = params[0] as string
  const batch = batches(ctx.tracker).get(key(ctx.manifest.appId, id))
  if (!batch) throw new BridgeError(EIP5792_ERRORS.UnknownBundle, 'Unknown bundle id')
  const records = await Promise.all(batch.hashes.map((h) => (h === null ? undefined : ctx.tracker.get(h))))
  const receipts = records.flatMap((r) => (r?.receipt ? [callReceipt(r.receipt)] : []))
  let status: number
  if (records.some((r) => r !== undefined && (r.state === 'signed' || r.state === 'pending'))) status = 100
  else {
    const ok = records.filter((r) => r?.state === 'confirmed').length
    const reverted = records.filter((r) => r?.state === 'failed').length
    if (ok === records.length) status = 200
    else if (ok + reverted === 0) status = 400
    else if (reverted === records.length) status = 500
    else status = 600
  }
  return { version: '2.0.0', id, chainId: toHexChainId(batch.chainId), atomic: false, status, receipts }
}
