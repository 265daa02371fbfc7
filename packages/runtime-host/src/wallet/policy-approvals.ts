import type { TypedData } from '@chainless/protocol'
import { Interface } from 'ethers'

/** An allowance at or above this is "unlimited" (wallets and dapps use 2^256 − 1; anything ≥ 2^255 is as good). */
export const UNLIMITED_ALLOWANCE = 2n ** 255n
/** Permit2 amounts are uint160: at or above 2^159 is "unlimited" there. */
const UNLIMITED_PERMIT2 = 2n ** 159n

/** What an approval grants, for the warning. */
export interface ApprovalFinding {
  /** The function or typed-data struct, e.g. `approve`, `setApprovalForAll`, `Permit`. */
  kind: string
  /** Who may spend (spender / operator), checksummed when decoded from calldata. */
  spender?: string
}

// ERC-20 approve shares its selector with ERC-721 approve(to, tokenId): a token id ≥ 2^255 is
// flagged too, an acceptable false positive (such ids are vanishingly rare).
const approvals = new Interface([
  'function approve(address spender, uint256 amount)',
  'function increaseAllowance(address spender, uint256 addedValue)',
  'function setApprovalForAll(address operator, bool approved)',
  // ERC-2612 on-chain permit, as a relayer-like app might submit it.
  'function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)',
])

/**
 * The unlimited approval `data` grants, or `undefined`: ERC-20 `approve` / `increaseAllowance` of
 * ≥ 2^255, ERC-721/1155 `setApprovalForAll(operator, true)`, ERC-2612 `permit` of ≥ 2^255. Total:
 * any calldata (malformed, truncated, not hex) that does not decode as one of these gives `undefined`.
 */
export function unlimitedApprovalInCalldata(data: string): ApprovalFinding | undefined {
  if (typeof data !== 'string' || !/^0x(?:[0-9a-fA-F]{2}){4,}$/.test(data)) return undefined
  let parsed: ReturnType<Interface['parseTransaction']>
  try {
    parsed = approvals.parseTransaction({ data })
  } catch {
    return undefined
  }
  if (!parsed) return undefined
  const args = parsed.args
  switch (parsed.name) {
    case 'approve':
    case 'increaseAllowance':
      return (args[1] as bigint) >= UNLIMITED_ALLOWANCE
        ? { kind: parsed.name, spender: args[0] as string }
        : undefined
    case 'setApprovalForAll':
      return args[1] === true ? { kind: parsed.name, spender: args[0] as string } : undefined
    case 'permit':
      return (args[2] as bigint) >= UNLIMITED_ALLOWANCE
        ? { kind: parsed.name, spender: args[1] as string }
        : undefined
    default:
      return undefined
  }
}

/** Longer Permit2 batches are treated as unlimited rather than read (real batches hold a few tokens). */
const MAX_BATCH_ITEMS = 256

/** A uint from typed-data JSON (number, decimal or 0x string, bigint), or `undefined`. */
function uint(value: unknown): bigint | undefined {
  try {
    if (typeof value === 'bigint') return value
    if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
    if (typeof value === 'string' && /^(?:0|[1-9][0-9]{0,78}|0x[0-9a-fA-F]{1,64})$/.test(value))
      return BigInt(value)
  } catch {
    // Unreachable after the regex; kept so the function stays total.
  }
  return undefined
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/**
 * The unlimited approval a typed-data signature grants, or `undefined`: an EIP-2612 `Permit` whose
 * `value` is ≥ 2^255, a DAI-style `Permit` with `allowed: true`, a Uniswap Permit2 `PermitSingle` /
 * `PermitBatch` whose amount is ≥ 2^159 (amounts are uint160 there). Total over any input.
 * @see https://eips.ethereum.org/EIPS/eip-2612
 */
export function unlimitedApprovalInTypedData(typedData: TypedData): ApprovalFinding | undefined {
  const message = record(typedData?.message)
  if (!message) return undefined
  switch (typedData.primaryType) {
    case 'Permit': {
      const value = uint(message.value)
      if ((value !== undefined && value >= UNLIMITED_ALLOWANCE) || message.allowed === true) {
        return { kind: 'Permit', spender: text(message.spender) }
      }
      return undefined
    }
    case 'PermitSingle': {
      const amount = uint(record(message.details)?.amount)
      return amount !== undefined && amount >= UNLIMITED_PERMIT2
        ? { kind: 'PermitSingle', spender: text(message.spender) }
        : undefined
    }
    case 'PermitBatch': {
      const details = Array.isArray(message.details) ? message.details : []
      // A hostile batch can be a sparse array 2^32 - 2 long: never walk it. One that long is itself
      // a reason to warn.
      let huge = details.length > MAX_BATCH_ITEMS
      for (let i = 0; !huge && i < details.length; i++) {
        const amount = uint(record(details[i])?.amount)
        huge = amount !== undefined && amount >= UNLIMITED_PERMIT2
      }
      return huge ? { kind: 'PermitBatch', spender: text(message.spender) } : undefined
    }
    default:
      return undefined
  }
}
