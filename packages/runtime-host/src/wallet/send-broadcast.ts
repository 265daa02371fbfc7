import { PlatformUnavailableError } from '@chainless/protocol'
import type { Transaction } from 'ethers'
import type { WalletCallContext } from './call-context.js'
import type { AuditNote } from './sign-common.js'

/**
 * Broadcasts a signed transaction through the platform (the tracker persists it first, retries the
 * same bytes, and reports its status), then tells the policy what was spent. Returns the hash.
 */
export async function broadcastSigned(
  ctx: WalletCallContext,
  signed: Transaction,
  note: AuditNote,
): Promise<string> {
  const record = () =>
    // Sent is sent: a failing spend counter must not turn a broadcast transaction into an error.
    ctx.policy
      .recordSent({
        appId: ctx.manifest.appId,
        account: ctx.account,
        chainId: ctx.chain.chainId,
        to: signed.to ?? undefined,
        value: signed.value,
      })
      .catch(() => {})
  let hash: string
  try {
    ;({ hash } = await ctx.tracker.send({
      appId: ctx.manifest.appId,
      account: ctx.account,
      chainId: ctx.chain.chainId,
      raw: signed.serialized,
    }))
  } catch (error) {
    // -32002: the platform stayed unavailable, but the signed bytes may still be mined (the tracker
    // keeps watching): count the spend, so retrying through another path cannot exceed the limit.
    if (error instanceof PlatformUnavailableError) {
      if (signed.hash) note.hash = signed.hash
      await record()
    }
    throw error
  }
  note.hash = hash
  await record()
  return hash
}

// One queue per tracker (one per wallet host) and account.
const queues = new WeakMap<object, Map<string, Promise<unknown>>>()

/**
 * Runs `run` (prepare → sheet → sign → broadcast) after the account's previous sending flow settled,
 * so two racing requests never take the same nonce from the chain: the second prepares once the
 * first is broadcast (or failed), and its sheet opens after the first closed. Nonces are never
 * changed after the user confirmed.
 */
export function withAccountQueue<T>(ctx: WalletCallContext, run: () => Promise<T>): Promise<T> {
  let byAccount = queues.get(ctx.tracker)
  if (!byAccount) {
    byAccount = new Map()
    queues.set(ctx.tracker, byAccount)
  }
  const previous = byAccount.get(ctx.account) ?? Promise.resolve()
  // A call that went away (app closed, timed out) while it waited never opens its sheet.
  const start = () => {
    ctx.signal.throwIfAborted()
    return run()
  }
  const next = previous.then(start, start)
  const settled = next.then(
    () => {},
    () => {},
  )
  byAccount.set(ctx.account, settled)
  // Forget an idle account's queue, so the map does not grow with every account ever used.
  void settled.then(() => {
    if (byAccount.get(ctx.account) === settled) byAccount.delete(ctx.account)
  })
  return next
}
