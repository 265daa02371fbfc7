import type { DecodedCall, Manifest } from '@chainless/protocol'
import { getAddress, hexlify, Interface, type InterfaceAbi, type ParamType, type Result } from 'ethers'
import { STANDARD_ABIS } from './abis.js'

/** An ABI to decode calldata with, and the contract's name from the manifest (if it names one). */
export interface ContractAbi {
  name?: string
  abi: InterfaceAbi
}

/** Most characters of one formatted value, so a huge `bytes` or array argument cannot flood the sheet. */
const MAX_VALUE_CHARS = 4096

// Interfaces are parsed once per ABI object: manifests are frozen and the standard ABIs constant.
const interfaces = new WeakMap<object, Interface | null>()

function interfaceOf(abi: InterfaceAbi): Interface | null {
  if (typeof abi !== 'object' || abi === null) return safeInterface(abi)
  let iface = interfaces.get(abi)
  if (iface === undefined) {
    iface = safeInterface(abi)
    interfaces.set(abi, iface)
  }
  return iface
}

function safeInterface(abi: InterfaceAbi): Interface | null {
  try {
    return new Interface(abi)
  } catch {
    // A manifest ABI ethers cannot read decodes nothing; the sheet shows the raw data instead.
    return null
  }
}

/**
 * The ABIs to decode a call to `to` on `chainId` with: the manifest's entries for that address (its
 * ABI when it has one), then the standard token ABIs, all named after the manifest's entry.
 */
export function contractAbis(manifest: Manifest, chainId: number, to: string | undefined): ContractAbi[] {
  if (to === undefined) return []
  const target = to.toLowerCase()
  const entries = (manifest.contracts ?? []).filter(
    (c) => c.chainId === chainId && c.address.toLowerCase() === target,
  )
  const name = entries[0]?.name
  const own: ContractAbi[] = entries.flatMap((c) =>
    c.abi ? [{ name: c.name, abi: c.abi as InterfaceAbi }] : [],
  )
  const standard = STANDARD_ABIS.map((abi): ContractAbi => (name === undefined ? { abi } : { name, abi }))
  return [...own, ...standard]
}

/**
 * Decodes `data` (calldata to `to`) with the first ABI in `abis` that knows its selector, for the
 * transaction sheet: addresses EIP-55 checksummed, integers in decimal, bytes as hex, arrays and
 * tuples bracketed. `undefined` when no ABI matches or the data does not decode (plain transfers,
 * contract creations, unknown contracts): the sheet then shows the raw data.
 *
 * @example
 * ```ts
 * decodeCall(token, iface.encodeFunctionData('transfer', [to, 5n]), contractAbis(manifest, chainId, token))
 * // { contractName: 'Test coin', method: 'transfer', args: [{ name: 'to', type: 'address', value: '0x…' }, { name: 'amount', type: 'uint256', value: '5' }] }
 * ```
 */
export function decodeCall(
  to: string | undefined,
  data: string | undefined,
  abis: readonly ContractAbi[],
): DecodedCall | undefined {
  if (to === undefined || data === undefined || data.length < 10) return undefined
  for (const { name, abi } of abis) {
    const iface = interfaceOf(abi)
    if (!iface) continue
    let parsed: ReturnType<Interface['parseTransaction']>
    try {
      parsed = iface.parseTransaction({ data })
    } catch {
      continue // selector known but arguments malformed: not this ABI
    }
    if (!parsed) continue
    const args = parsed.fragment.inputs.map((input, i) => ({
      name: input.name || `arg${i}`,
      type: input.format('sighash'),
      value: clip(formatValue(input, parsed.args[i])),
    }))
    return name === undefined
      ? { method: parsed.name, args }
      : { contractName: name, method: parsed.name, args }
  }
  return undefined
}

function clip(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text
}

/** One decoded value as text, by its ABI type. */
export function formatValue(type: ParamType, value: unknown): string {
  if (type.isArray()) {
    const items = value as Result | readonly unknown[]
    return `[${Array.from(items, (item) => formatValue(type.arrayChildren, item)).join(', ')}]`
  }
  if (type.isTuple()) {
    const items = value as Result | readonly unknown[]
    return `(${type.components.map((c, i) => formatValue(c, items[i])).join(', ')})`
  }
  switch (type.baseType) {
    case 'address':
      return getAddress(String(value))
    case 'bool':
      return value ? 'true' : 'false'
    case 'string':
      return String(value)
    default:
      if (type.baseType.startsWith('bytes')) return hexlify(value as string | Uint8Array)
      // uintN / intN arrive as bigint
      return typeof value === 'bigint' ? value.toString(10) : String(value)
  }
}
