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
  const { hash } = await ctx.tracker.send({
    appId: ctx.manifest.appId,
    account: ctx.account,
    chainId: ctx.chain.chainId,
    raw: signed.serialized,
  })
  note.hash = hash
  // Sent is sent: a failing spend counter must not turn a broadcast transaction into an error.
  await ctx.policy
    .recordSent({
      appId: ctx.manifest.appId,
      account: ctx.account,
      chainId: ctx.chain.chainId,
      to: signed.to ?? undefined,
      value: signed.value,
    })
    .catch(() => {})
  return hash
}
