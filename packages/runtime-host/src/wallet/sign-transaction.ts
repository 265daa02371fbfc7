import type { RiskWarning, TransactionCall, TransactionRequest } from '@chainless/protocol'
import { Transaction } from 'ethers'
import type { WalletCallContext } from './call-context.js'
import { contractAbis, decodeCall } from './decode.js'
import { maxFeeOf } from './prepare.js'
import { type AuditNote, callSigner, signatureMismatch } from './sign-common.js'

/**
 * A transaction ready for the sheet: its unsigned bytes (serialised once; what the signer will get)
 * and everything the sheet shows, all derived from those bytes, never from the app's request.
 */
export interface ReviewedTransaction extends ReviewedCall {
  /** The unsigned EIP-2718 bytes: what is shown is these, what is signed is these. */
  unsigned: string
  /** `Transaction.from(unsigned)`: the sheet's source. */
  shown: Transaction
}

/** Whether `address` holds code (a contract) on the current chain. */
export async function isContract(ctx: WalletCallContext, address: string): Promise<boolean> {
  const code = await ctx.rpc.request<string>('eth_getCode', [address, 'latest'])
  return typeof code === 'string' && code !== '0x' && code !== '0x0' && code !== ''
}

/** A call as the sheet shows it, with the policy's verdict. */
export interface ReviewedCall {
  call: TransactionCall
  warnings: RiskWarning[]
  hits: string[]
}

/**
 * What the sheet shows for one call (decoded with the manifest's ABIs, then the standard token ABIs)
 * and the policy's verdict on it (which may refuse: -32003). `target` must come from the bytes that
 * will be signed, never from the app's request.
 */
export async function reviewCall(
  ctx: WalletCallContext,
  target: { to: string | undefined; value: bigint; data: string },
): Promise<ReviewedCall> {
  const { to, value, data } = target
  const toIsContract = to === undefined ? false : await isContract(ctx, to)
  const verdict = await ctx.policy.checkTransaction({
    appId: ctx.manifest.appId,
    account: ctx.account,
    manifest: ctx.manifest,
    chainId: ctx.chain.chainId,
    to,
    value,
    data,
    toIsContract,
    knownContracts: ctx.knownContracts,
  })
  const decoded = decodeCall(to, data, contractAbis(ctx.manifest, ctx.chain.chainId, to))
  const call: TransactionCall = { to, value: value.toString(10) }
  if (data !== '0x') call.data = data
  if (decoded) call.decoded = decoded
  return { call, warnings: [...verdict.warnings], hits: [...verdict.hits] }
}

/** Serialises `prepared` once and reviews the call those bytes make ({@link reviewCall}). */
export async function reviewTransaction(
  ctx: WalletCallContext,
  prepared: Transaction,
): Promise<ReviewedTransaction> {
  const unsigned = prepared.unsignedSerialized
  const shown = Transaction.from(unsigned)
  const reviewed = await reviewCall(ctx, { to: shown.to ?? undefined, value: shown.value, data: shown.data })
  return { unsigned, shown, ...reviewed }
}

/** The sheet's fee line: the most the fee can be, in the native currency, and who pays it. */
export function feeLine(
  ctx: WalletCallContext,
  amount: bigint,
  payer: 'user' | 'platform',
): TransactionRequest['fee'] {
  const { symbol, decimals } = ctx.chain.nativeCurrency
  return { amount: amount.toString(10), symbol, decimals, payer }
}

/** The common fields of a transaction sheet. */
export function sheetBase(
  ctx: WalletCallContext,
): Pick<TransactionRequest, 'manifest' | 'signal' | 'chainId' | 'chainName' | 'from'> {
  return {
    manifest: ctx.manifest,
    signal: ctx.signal,
    chainId: ctx.chain.chainId,
    chainName: ctx.chain.name,
    from: ctx.account,
  }
}

/**
 * Asks the signer to sign exactly `unsigned` (the bytes the user confirmed) and checks what comes
 * back: a signed transaction whose unsigned bytes are `unsigned` and whose signer is the account.
 * Anything else is -32603 and no signature leaves this function.
 */
export async function signExactTransaction(ctx: WalletCallContext, unsigned: string): Promise<Transaction> {
  ctx.signal.throwIfAborted()
  const raw = await callSigner(() =>
    ctx.signer.signTransaction({ address: ctx.account, transaction: unsigned, signal: ctx.signal }),
  )
  let signed: Transaction
  try {
    signed = Transaction.from(raw)
  } catch {
    throw signatureMismatch('The signer returned bytes that are not a transaction')
  }
  if (!signed.isSigned()) throw signatureMismatch('The signer returned an unsigned transaction')
  if (signed.unsignedSerialized !== unsigned) {
    throw signatureMismatch('The signer signed other transaction fields than the user confirmed')
  }
  if (signed.from !== ctx.account) throw signatureMismatch('The signature is not by the account')
  return signed
}

/**
 * The one-transaction flow of `eth_signTransaction`, `eth_sendTransaction` and `pay`: review, show
 * one sheet (the user confirms or 4001; `sheet` adds fields derived from the reviewed bytes), sign exactly the reviewed bytes, verify. Returns the signed
 * transaction.
 */
export async function confirmAndSignTransaction(
  ctx: WalletCallContext,
  prepared: Transaction,
  note: AuditNote,
  sheet?: (
    reviewed: ReviewedTransaction,
  ) => Promise<Partial<TransactionRequest>> | Partial<TransactionRequest>,
): Promise<Transaction> {
  const reviewed = await reviewTransaction(ctx, prepared)
  note.hits.push(...reviewed.hits)
  const extra = sheet ? await sheet(reviewed) : {}
  const ui = await ctx.ui()
  await ui.transaction({
    ...sheetBase(ctx),
    kind: 'transaction',
    ...reviewed.call,
    fee: feeLine(ctx, maxFeeOf(reviewed.shown), 'user'),
    warnings: reviewed.warnings,
    ...extra,
  })
  return signExactTransaction(ctx, reviewed.unsigned)
}
