import type { TypedData } from '@chainless/protocol'
import { getBytes, hashMessage, isHexString, keccak256, TypedDataEncoder } from 'ethers'
import { SignerError } from './errors.js'

/** What a signing request signs: an EIP-191 message, EIP-712 typed data or an unsigned transaction. */
export type SignKind = 'message' | 'typedData' | 'transaction'

/** The payload of each {@link SignKind}: hex bytes, typed data, unsigned serialized transaction. */
export type SignPayload<K extends SignKind = SignKind> = K extends 'typedData' ? TypedData : string

/**
 * The digest a signature of `payload` commits to, `0x` + 64 hex: EIP-191 `hashMessage` of the bytes,
 * the EIP-712 hash (`EIP712Domain` derived from the domain), or keccak256 of the unsigned transaction
 * (its signing hash). The passkey challenge is bound to it, so a user verification approves exactly one
 * payload; the signing service recomputes it from what it is asked to sign.
 *
 * @throws {SignerError} `invalid_payload` when the payload does not fit its kind.
 */
export function payloadHash(kind: SignKind, payload: unknown): string {
  try {
    if (kind === 'message' && typeof payload === 'string' && isHexString(payload) && payload.length % 2 === 0)
      return hashMessage(getBytes(payload))
    if (kind === 'transaction' && typeof payload === 'string' && isHexString(payload) && payload.length > 2)
      return keccak256(payload)
    if (kind === 'typedData' && typeof payload === 'object' && payload !== null)
      return typedDataHash(payload as TypedData)
  } catch (e) {
    if (e instanceof SignerError) throw e
    throw new SignerError('invalid_payload', `Invalid ${kind} payload`, {
      details: e instanceof Error ? e.message.slice(0, 200) : undefined,
    })
  }
  throw new SignerError('invalid_payload', `Invalid ${String(kind).slice(0, 20)} payload`)
}

/**
 * The EIP-712 hash of `typedData`, with `EIP712Domain` in `types` ignored (derived from the domain).
 * ethers infers the primary type from the types; a `primaryType` that is not that one is refused, so
 * what is signed is the struct the user was shown.
 *
 * @throws {SignerError} `invalid_typed_data` when the data does not match its types.
 */
export function typedDataHash(typedData: TypedData): string {
  try {
    const { domain, types, message, primaryType } = typedData
    const { EIP712Domain: _, ...rest } = types
    const encoder = TypedDataEncoder.from(rest as Record<string, { name: string; type: string }[]>)
    if (encoder.primaryType !== primaryType)
      throw new Error(`primaryType ${String(primaryType).slice(0, 40)} is not the root type`)
    return TypedDataEncoder.hash(
      domain as Record<string, unknown>,
      rest as Record<string, { name: string; type: string }[]>,
      message,
    )
  } catch (e) {
    throw new SignerError('invalid_typed_data', 'Typed data does not match its types', {
      details: e instanceof Error ? e.message.slice(0, 200) : undefined,
    })
  }
}
