import {
  InvalidParamsError,
  PolicyRefusedError,
  type TransactionRequest,
  type TypedData,
} from '@chainless/protocol'
import { AbiCoder, recoverAddress } from 'ethers'
import type { WalletCallContext } from './call-context.js'
import { checkRequest, invalidParams, type TransactionRequestInput } from './prepare.js'
import { type AuditNote, callSigner, signatureMismatch } from './sign-common.js'
import { feeLine, type ReviewedCall, reviewCall, sheetBase } from './sign-transaction.js'
import { validateTypedData } from './sign-typed-data.js'
import type { ForwardRequestJson } from './tx-tracker.js'

/**
 * EIP-712 type of OpenZeppelin 5's `ERC2771Forwarder` request (its `_FORWARD_REQUEST_TYPEHASH`).
 * @see https://docs.openzeppelin.com/contracts/5.x/api/metatx#ERC2771Forwarder
 */
export const FORWARD_REQUEST_TYPES = Object.freeze({
  ForwardRequest: Object.freeze([
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'gas', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint48' },
    { name: 'data', type: 'bytes' },
  ]),
})

/** Most gas the platform relays for one request (the relay endpoint refuses more). */
export const MAX_SPONSORED_GAS = 2_000_000n
/** How long a signed request stays valid: 1 hour. */
const DEADLINE_S = 3600
/** `nonces(address)` of the forwarder (OpenZeppelin `Nonces`). */
const NONCES_SELECTOR = '0x7ecebe00'
const GAS_MARGIN_PERCENT = 120n

/** Whether the platform pays this app's fees on this chain: a sponsored manifest and a forwarder. */
export function isSponsored(ctx: WalletCallContext): boolean {
  return ctx.manifest.sponsored === true && ctx.chain.forwarder !== undefined
}

/** A forward request ready for the sheet: the frozen typed data the signer signs, and what the sheet shows of it. */
export interface PreparedForward extends ReviewedCall {
  request: ForwardRequestJson
  typedData: TypedData
  digest: string
  /** Most the relayer may pay for it, in wei (shown as the platform's fee). */
  fee: bigint
}

// The forwarder counts a nonce only once the relayer's transaction is mined: until then the wallet
// remembers the next one it handed out (per tracker, chain and account), so back-to-back requests differ.
const nextNonces = new WeakMap<object, Map<string, bigint>>()
const nonceKey = (ctx: WalletCallContext) => `${ctx.chain.chainId}:${ctx.account}`
function nonceFloors(ctx: WalletCallContext): Map<string, bigint> {
  let map = nextNonces.get(ctx.tracker)
  if (!map) {
    map = new Map()
    nextNonces.set(ctx.tracker, map)
  }
  return map
}

/** The forwarder's next nonce for the account: `nonces(from)` via `eth_call`, past any request this wallet relayed and the chain has not mined yet. */
export async function forwarderNonce(ctx: WalletCallContext): Promise<bigint> {
  const forwarder = ctx.chain.forwarder!
  const data = NONCES_SELECTOR + AbiCoder.defaultAbiCoder().encode(['address'], [ctx.account]).slice(2)
  const out = await ctx.rpc.request<string>('eth_call', [{ to: forwarder.address, data }, 'latest'])
  const chain = AbiCoder.defaultAbiCoder().decode(['uint256'], out)[0] as bigint
  const floor = nonceFloors(ctx).get(nonceKey(ctx)) ?? 0n
  return chain > floor ? chain : floor
}

/**
 * Builds the ERC-2771 `ForwardRequest` for a sponsored app's call: the request's checks (from, chain,
 * checksums), `value` 0 (the platform never pays the user's value: -32003, rule `sponsored_value`),
 * a target contract, gas from the request or the estimate + 20 % (at most {@link MAX_SPONSORED_GAS}),
 * the forwarder's nonce (`nonce`, or `nonces(from)`), a deadline an hour ahead. The typed data is
 * validated and frozen; the sheet's call is reviewed from it.
 */
export async function prepareForward(
  ctx: WalletCallContext,
  input: TransactionRequestInput,
  options: { nonce?: bigint } = {},
): Promise<PreparedForward> {
  const forwarder = ctx.chain.forwarder
  if (!forwarder)
    throw new InvalidParamsError('Not sponsored', undefined, { details: 'This chain has no forwarder' })
  const { to, data, value } = checkRequest(input, ctx)
  if (value !== 0n) {
    throw new PolicyRefusedError(
      'Sponsored transactions carry no value',
      { rule: 'sponsored_value' },
      {
        details: 'The platform pays fees, never value: send value from an app that is not sponsored',
      },
    )
  }
  if (to === null)
    throw invalidParams('Missing to', 'A sponsored call goes to a contract; it cannot create one')
  let gas: bigint
  if (input.gas !== undefined) gas = BigInt(input.gas)
  else {
    const estimate = BigInt(
      await ctx.rpc.request<string>('eth_estimateGas', [{ from: ctx.account, to, value: '0x0', data }]),
    )
    gas = (estimate * GAS_MARGIN_PERCENT + 99n) / 100n
  }
  if (gas > MAX_SPONSORED_GAS) {
    throw new PolicyRefusedError(
      'Too much gas to sponsor',
      { rule: 'sponsored_gas' },
      {
        details: `The platform relays at most ${MAX_SPONSORED_GAS} gas per request`,
      },
    )
  }
  const nonce = options.nonce ?? (await forwarderNonce(ctx))
  const deadline = Math.floor(Date.now() / 1000) + DEADLINE_S
  const { typedData, digest } = validateTypedData({
    types: FORWARD_REQUEST_TYPES,
    primaryType: 'ForwardRequest',
    domain: {
      name: forwarder.name,
      version: forwarder.version,
      chainId: ctx.chain.chainId,
      verifyingContract: forwarder.address,
    },
    message: {
      from: ctx.account,
      to,
      value: '0',
      gas: gas.toString(10),
      nonce: nonce.toString(10),
      deadline: String(deadline),
      data,
    },
  })
  // From here on only the frozen copy counts: the sheet and the relay body are read from it.
  const m = typedData.message as Record<
    'from' | 'to' | 'value' | 'gas' | 'nonce' | 'deadline' | 'data',
    string
  >
  const request: ForwardRequestJson = {
    from: m.from,
    to: m.to,
    value: m.value,
    gas: m.gas,
    nonce: m.nonce,
    deadline: Number(m.deadline),
    data: m.data,
  }
  const reviewed = await reviewCall(ctx, { to: m.to, value: BigInt(m.value), data: m.data })
  const gasPrice = BigInt(await ctx.rpc.request<string>('eth_gasPrice', []))
  return { ...reviewed, request, typedData, digest, fee: BigInt(m.gas) * gasPrice }
}

/** Signs the frozen forward request and checks the signature recovers to the account (else -32603). */
export async function signForward(ctx: WalletCallContext, forward: PreparedForward): Promise<string> {
  ctx.signal.throwIfAborted()
  const signature = await callSigner(() =>
    ctx.signer.signTypedData({ address: ctx.account, typedData: forward.typedData, signal: ctx.signal }),
  )
  let signer: string | undefined
  try {
    signer = recoverAddress(forward.digest, signature)
  } catch {
    signer = undefined
  }
  if (signer !== ctx.account) throw signatureMismatch('The forward request signature is not by the account')
  return signature
}

/** Posts a signed forward request to the platform's relay (through the tracker: persisted, retried). */
export async function relayForward(
  ctx: WalletCallContext,
  forward: PreparedForward,
  signature: string,
): Promise<string> {
  const { hash } = await ctx.tracker.relay({
    appId: ctx.manifest.appId,
    account: ctx.account,
    chainId: ctx.chain.chainId,
    request: forward.request,
    signature,
  })
  const floors = nonceFloors(ctx)
  const next = BigInt(forward.request.nonce) + 1n
  if (next > (floors.get(nonceKey(ctx)) ?? 0n)) floors.set(nonceKey(ctx), next)
  return hash
}

/**
 * The sponsored `eth_sendTransaction` / `pay`: build the forward request, show the transaction sheet
 * (fee paid by `platform`), sign the frozen EIP-712 request, relay it. Returns the relayer's hash.
 * @example
 * ```ts
 * if (isSponsored(ctx)) return sponsoredSend(ctx, request, note)
 * ```
 */
export async function sponsoredSend(
  ctx: WalletCallContext,
  input: TransactionRequestInput,
  note: AuditNote,
  sheet?: (forward: PreparedForward) => Promise<Partial<TransactionRequest>> | Partial<TransactionRequest>,
): Promise<string> {
  const forward = await prepareForward(ctx, input)
  note.hits.push(...forward.hits)
  const extra = sheet ? await sheet(forward) : {}
  const ui = await ctx.ui()
  await ui.transaction({
    ...sheetBase(ctx),
    kind: 'transaction',
    ...forward.call,
    fee: feeLine(ctx, forward.fee, 'platform'),
    warnings: forward.warnings,
    ...extra,
  })
  const signature = await signForward(ctx, forward)
  const hash = await relayForward(ctx, forward, signature)
  note.hash = hash
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
}
