import {
  getAddress,
  getBytes,
  hashMessage,
  isHexString,
  keccak256,
  Transaction,
  TypedDataEncoder,
} from 'ethers'
import { ApiProblem } from '../api/problem.js'

/** What a sign request signs. */
export type SignKind = 'message' | 'typedData' | 'transaction'

/** A sign request after validation: the digest the signature commits to, and how to finish it. */
export interface CheckedPayload {
  kind: SignKind
  address: string
  /** `0x` + 64 hex: what the passkey challenge is bound to (same as runtime-host's `payloadHash`). */
  digest: string
  /** For transactions: the parsed unsigned transaction, to be signed and serialized. */
  transaction?: Transaction
}

const MAX_MESSAGE_HEX = 2 + 2 * 64 * 1024
const MAX_TX_HEX = 2 + 2 * 128 * 1024
const KINDS = new Set<unknown>(['message', 'typedData', 'transaction'])

const invalid = (code: string, detail: string) => new ApiProblem(422, code, detail)

/**
 * Validates `{ kind, address, payload }` of a sign request and computes its digest: EIP-191
 * `hashMessage` of the message bytes; the EIP-712 hash (the stated `primaryType` must be the root of
 * `types`; `EIP712Domain` is derived from the domain); keccak256 of a canonical, unsigned, EIP-155
 * transaction.
 *
 * @throws {ApiProblem} 400 `invalid_request`, 422 `invalid_payload` / `invalid_typed_data` /
 *   `already_signed` / `no_chain_id` / `non_canonical`.
 */
export function checkPayload(body: Record<string, unknown>): CheckedPayload {
  const { payload } = body
  const kind = body.kind as SignKind
  if (!KINDS.has(kind))
    throw new ApiProblem(400, 'invalid_request', 'kind must be message, typedData or transaction')
  const address = checkAddress(body.address)
  if (kind === 'message') {
    if (
      typeof payload !== 'string' ||
      !isHexString(payload) ||
      payload.length % 2 !== 0 ||
      payload.length > MAX_MESSAGE_HEX
    )
      throw invalid('invalid_payload', 'message must be 0x hex bytes (≤ 64 KiB)')
    return { kind, address, digest: hashMessage(getBytes(payload)) }
  }
  if (kind === 'typedData') return { kind, address, digest: typedDataDigest(payload) }
  if (
    typeof payload !== 'string' ||
    !isHexString(payload) ||
    payload.length < 4 ||
    payload.length > MAX_TX_HEX
  )
    throw invalid('invalid_payload', 'transaction must be 0x hex bytes (≤ 128 KiB)')
  let tx: Transaction
  try {
    tx = Transaction.from(payload)
  } catch {
    throw invalid('invalid_payload', 'malformed transaction')
  }
  if (tx.signature) throw invalid('already_signed', 'transaction is already signed')
  if (tx.chainId === 0n) throw invalid('no_chain_id', 'transaction has no chain id (EIP-155)')
  if (tx.unsignedSerialized.toLowerCase() !== payload.toLowerCase())
    throw invalid('non_canonical', 'transaction bytes are not canonical')
  return { kind, address, digest: keccak256(payload), transaction: tx }
}

/** EIP-55 checksummed `value`, or 400 `invalid_address` (bad checksum included). */
export function checkAddress(value: unknown): string {
  try {
    if (typeof value !== 'string') throw new Error()
    return getAddress(value)
  } catch {
    throw new ApiProblem(
      400,
      'invalid_address',
      'address must be a 0x address (EIP-55 checksum when mixed case)',
    )
  }
}

function typedDataDigest(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw invalid('invalid_typed_data', 'typed data must be an object')
  const { types, domain, message, primaryType } = payload as Record<string, unknown>
  try {
    if (typeof types !== 'object' || types === null) throw new Error('types missing')
    const { EIP712Domain: _, ...rest } = types as Record<string, { name: string; type: string }[]>
    const encoder = TypedDataEncoder.from(rest)
    if (encoder.primaryType !== primaryType) throw new Error('primaryType is not the root type')
    return TypedDataEncoder.hash(domain as Record<string, unknown>, rest, message as Record<string, unknown>)
  } catch (e) {
    throw invalid(
      'invalid_typed_data',
      `typed data does not match its types: ${e instanceof Error ? e.message.slice(0, 120) : ''}`,
    )
  }
}
