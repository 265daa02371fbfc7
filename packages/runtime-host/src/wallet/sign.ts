import { type TypedData, UnauthorizedError } from '@chainless/protocol'
import { getBytes, hexlify, recoverAddress, toUtf8Bytes, verifyMessage } from 'ethers'
import type { Eip1193Handler, WalletCallContext } from './call-context.js'
import { checksumAddress, prepareTransaction, type TransactionRequestInput } from './prepare.js'
import { audited, callSigner, signatureMismatch } from './sign-common.js'
import { confirmAndSignTransaction } from './sign-transaction.js'
import { validateTypedData } from './sign-typed-data.js'

/** 4100 unless `address` is the connected account (an app may only ask for its own account's signature). */
export function assertAccount(ctx: WalletCallContext, address: string): void {
  if (checksumAddress(address) !== ctx.account) {
    throw new UnauthorizedError('Unauthorized', undefined, {
      details: 'The address is not the connected account',
    })
  }
}

/**
 * The bytes `personal_sign` signs: `0x` hex is taken as bytes (what every library sends); any other
 * text as its UTF-8 bytes.
 * @see https://eips.ethereum.org/EIPS/eip-191
 */
export function messageBytes(message: string): string {
  return /^0x(?:[0-9a-fA-F]{2})*$/.test(message) ? message.toLowerCase() : hexlify(toUtf8Bytes(message))
}

/** What the sheet shows for `bytes`: their text when they are valid UTF-8, else the hex itself. */
export function messageText(bytes: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(getBytes(bytes))
  } catch {
    return bytes
  }
}

/** `personal_sign` `[message, address]` → signature over the EIP-191 prefixed bytes. */
const personalSign: Eip1193Handler = (params, ctx) =>
  audited(ctx, 'personal_sign', async (note) => {
    const [message, address] = params as readonly [string, string]
    assertAccount(ctx, address)
    const bytes = messageBytes(message)
    const verdict = ctx.policy.checkMessage({
      appId: ctx.manifest.appId,
      manifest: ctx.manifest,
      message: bytes,
    })
    note.hits.push(...verdict.hits)
    const ui = await ctx.ui()
    await ui.signMessage({
      manifest: ctx.manifest,
      signal: ctx.signal,
      address: ctx.account,
      message: messageText(bytes),
      warnings: verdict.warnings,
    })
    ctx.signal.throwIfAborted()
    const signature = await callSigner(() =>
      ctx.signer.signMessage({ address: ctx.account, message: bytes, signal: ctx.signal }),
    )
    let signer: string | undefined
    try {
      signer = verifyMessage(getBytes(bytes), signature)
    } catch {
      signer = undefined
    }
    if (signer !== ctx.account)
      throw signatureMismatch('The signature is not by the account over the shown message')
    return signature
  })

/** `eth_signTypedData_v4` `[address, typedData]` → EIP-712 signature of the validated, frozen copy. */
const signTypedDataV4: Eip1193Handler = (params, ctx) =>
  audited(ctx, 'eth_signTypedData_v4', async (note) => {
    const [address, input] = params as readonly [string, TypedData]
    assertAccount(ctx, address)
    const { typedData, digest } = validateTypedData(input)
    const verdict = await ctx.policy.checkTypedData({
      appId: ctx.manifest.appId,
      account: ctx.account,
      manifest: ctx.manifest,
      chainId: ctx.chain.chainId,
      typedData,
      knownContracts: ctx.knownContracts,
    })
    note.hits.push(...verdict.hits)
    const ui = await ctx.ui()
    await ui.signTypedData({
      manifest: ctx.manifest,
      signal: ctx.signal,
      address: ctx.account,
      typedData,
      warnings: verdict.warnings,
    })
    ctx.signal.throwIfAborted()
    const signature = await callSigner(() =>
      ctx.signer.signTypedData({ address: ctx.account, typedData, signal: ctx.signal }),
    )
    let signer: string | undefined
    try {
      signer = recoverAddress(digest, signature)
    } catch {
      signer = undefined
    }
    if (signer !== ctx.account)
      throw signatureMismatch('The signature is not by the account over the shown typed data')
    return signature
  })

/** `eth_signTransaction` `[request]` → the signed raw transaction (0x EIP-2718 bytes); nothing is sent. */
const signTransaction: Eip1193Handler = (params, ctx) =>
  audited(ctx, 'eth_signTransaction', async (note) => {
    const prepared = await prepareTransaction(params[0] as TransactionRequestInput, ctx)
    const signed = await confirmAndSignTransaction(ctx, prepared, note)
    return signed.serialized
  })

/**
 * The signing methods: the user confirms on a sheet built from the exact bytes, the signer signs
 * those bytes, the host checks the signature recovers to the account (else -32603, nothing returned).
 * `params` were validated by `eip1193ParamSchemas`; every call is audited.
 *
 * @example
 * ```ts
 * const signature = await signHandlers.personal_sign(['hello', account], ctx)
 * ```
 */
export const signHandlers: Readonly<
  Record<'personal_sign' | 'eth_signTypedData_v4' | 'eth_signTransaction', Eip1193Handler>
> = Object.freeze({
  personal_sign: personalSign,
  eth_signTypedData_v4: signTypedDataV4,
  eth_signTransaction: signTransaction,
})
