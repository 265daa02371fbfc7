import { AbiCoder, dataSlice, Interface, type InterfaceAbi, isHexString } from 'ethers'
import { ChainRpcError } from '../chainClient.js'

/** A decoded revert (the document's `SimulateResult.revert`). */
export interface DecodedRevert {
  /** `Error(string)`'s message, or a Panic's meaning. */
  reason?: string
  /** `Error`, `Panic` or the custom error's name. */
  name?: string
  /** The error's arguments, JSON-safe (integers as decimal strings). */
  args?: unknown[]
  /** The raw revert data. */
  data: string
}

// Solidity's panic codes (docs: "Panic via assert and Error via require").
const PANICS: Record<number, string> = {
  0: 'generic compiler panic',
  1: 'assertion failed',
  17: 'arithmetic overflow or underflow',
  18: 'division or modulo by zero',
  33: 'conversion to an invalid enum value',
  34: 'incorrectly encoded storage byte array',
  49: 'pop() on an empty array',
  50: 'array index out of bounds',
  65: 'too much memory allocated',
  81: 'call to a zero-initialized function variable',
}

/**
 * The revert data in a node's error (`data` as hex, or Ganache's `{ result }` object), or
 * `undefined` when the error is not a revert.
 * @example
 * ```ts
 * revertDataOf(new ChainRpcError({ code: -32000, message: 'revert', data: '0x08c379a0…' }))
 * ```
 */
export function revertDataOf(error: unknown): string | undefined {
  if (!(error instanceof ChainRpcError)) return undefined
  const data = error.error.data
  if (typeof data === 'string' && isHexString(data)) return data
  if (data && typeof data === 'object') {
    const inner = (data as { result?: unknown; data?: unknown }).result ?? (data as { data?: unknown }).data
    if (typeof inner === 'string' && isHexString(inner)) return inner
  }
  // Ganache names a revert in the message even when it has no data
  return /revert/i.test(error.error.message) ? '0x' : undefined
}

const jsonSafe = (value: unknown, depth = 0): unknown => {
  if (typeof value === 'bigint') return value.toString()
  if (depth > 8) return null
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => jsonSafe(v, depth + 1))
  return value
}

/**
 * Decodes revert data: `Error(string)`, `Panic(uint256)`, else a custom error of the first ABI that
 * knows its selector (malformed ABIs are skipped).
 * @example
 * ```ts
 * decodeRevert('0x4e487b71…11', []) // { name: 'Panic', reason: 'arithmetic overflow or underflow', args: ['17'], data }
 * ```
 */
export function decodeRevert(data: string, abis: readonly InterfaceAbi[]): DecodedRevert {
  const out: DecodedRevert = { data }
  if (data.length < 10) return out
  const selector = data.slice(0, 10).toLowerCase()
  const coder = AbiCoder.defaultAbiCoder()
  try {
    if (selector === '0x08c379a0') {
      const [reason] = coder.decode(['string'], dataSlice(data, 4))
      return {
        ...out,
        name: 'Error',
        reason: String(reason).slice(0, 2000),
        args: [String(reason).slice(0, 2000)],
      }
    }
    if (selector === '0x4e487b71') {
      const [code] = coder.decode(['uint256'], dataSlice(data, 4)) as unknown as [bigint]
      const meaning = code < 256n ? PANICS[Number(code)] : undefined
      return {
        ...out,
        name: 'Panic',
        reason: meaning ?? `panic 0x${code.toString(16)}`,
        args: [code.toString()],
      }
    }
  } catch {
    return out
  }
  for (const abi of abis) {
    let iface: Interface
    try {
      iface = new Interface(abi)
    } catch {
      continue
    }
    try {
      const parsed = iface.parseError(data)
      if (parsed)
        return {
          ...out,
          name: parsed.name,
          args: jsonSafe([...parsed.args]) as unknown[],
          reason: `${parsed.name}(${parsed.args.map((a) => String(a)).join(', ')})`.slice(0, 2000),
        }
    } catch {
      // the selector matched but the data did not decode: try the next ABI
    }
  }
  return out
}
