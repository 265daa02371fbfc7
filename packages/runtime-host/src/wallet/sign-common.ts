import { BridgeError, ChainlessError, InternalError } from '@chainless/protocol'
import type { WalletCallContext } from './call-context.js'

/** What a handler learns while it runs, for its audit entry. */
export interface AuditNote {
  /** Policy rules that fired. */
  hits: string[]
  /** Hash of what was broadcast (the relayer's for a sponsored call). */
  hash?: string
}

/**
 * Runs one sensitive wallet call and appends its audit entry whatever happens: `approved` with the
 * policy hits and hash, or `rejected` (4001), `refused` (policy -32003, scopes 4100) or `failed` with
 * the error code. A failing audit store never fails the call: the user's decision stands.
 */
export async function audited<T>(
  ctx: WalletCallContext,
  method: string,
  run: (note: AuditNote) => Promise<T>,
): Promise<T> {
  const note: AuditNote = { hits: [] }
  const base = { appId: ctx.manifest.appId, account: ctx.account, method }
  try {
    const result = await run(note)
    await ctx.audit
      .append({
        ...base,
        decision: 'approved',
        policyHits: note.hits,
        ...(note.hash ? { hash: note.hash } : {}),
      })
      .catch(() => {})
    return result
  } catch (error) {
    const code = error instanceof BridgeError ? error.code : -32603
    const decision = code === 4001 ? 'rejected' : code === -32003 || code === 4100 ? 'refused' : 'failed'
    await ctx.audit
      .append({ ...base, decision, policyHits: note.hits, code, ...(note.hash ? { hash: note.hash } : {}) })
      .catch(() => {})
    throw error
  }
}

/**
 * Calls the signer. Its typed refusals (4001 user rejected, 4080 timeout, any bridge error) pass
 * through; anything else (a `SignerError`, a crash) becomes -32603 with the signer's short message in
 * the details only, so nothing the signer says reaches the app.
 */
export async function callSigner<T>(sign: () => Promise<T>): Promise<T> {
  try {
    return await sign()
  } catch (error) {
    if (error instanceof BridgeError) throw error
    const said =
      error instanceof ChainlessError ? error.shortMessage : error instanceof Error ? error.message : ''
    throw new InternalError('Signing failed', undefined, {
      details: `Signer: ${said.slice(0, 200)}`,
      cause: error,
    })
  }
}

/** -32603 for a signature that does not match what the user confirmed; nothing is returned or sent. */
export function signatureMismatch(details: string): InternalError {
  return new InternalError('Signature does not match the confirmed request', undefined, { details })
}
