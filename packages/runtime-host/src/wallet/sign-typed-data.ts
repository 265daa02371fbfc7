import type { TypedData } from '@chainless/protocol'
import { getAddress, isHexString, TypedDataEncoder } from 'ethers'
import { invalidParams } from './prepare.js'

type Fields = readonly { name: string; type: string }[]

/** EIP-712's domain fields, in the order the standard (and ethers) hash them. */
const DOMAIN_FIELDS: Fields = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' },
]

/** Bounds on what a mini-program can make the host walk (real typed data is far smaller). */
const MAX_ARRAY_ITEMS = 1024
const MAX_DEPTH = 32

/** Typed data the host validated: a frozen copy, and the EIP-712 digest the signature must be over. */
export interface ValidatedTypedData {
  /** Deep-frozen: what the sheet shows and the signer signs (the same object). */
  typedData: TypedData
  /** `TypedDataEncoder.hash(domain, types, message)` of {@link typedData}. */
  digest: string
}

/**
 * Validates EIP-712 typed data against its own types and returns one frozen, normalised copy: types
 * reachable from `primaryType` only (unreachable ones cannot change the hash), every message value
 * checked against its type (addresses EIP-55 checksummed, integers in range as decimal strings, bytes
 * as lower-case hex), no missing and no extra fields (an extra field would be shown but not signed).
 * Any mismatch is -32602.
 * @see https://eips.ethereum.org/EIPS/eip-712
 */
export function validateTypedData(input: TypedData): ValidatedTypedData {
  const types = reachableTypes(input.types, input.primaryType)
  const domainType = input.types.EIP712Domain
  const domain = normaliseDomain(input.domain)
  const expected = DOMAIN_FIELDS.filter((f) => f.name in domain)
  if (domainType !== undefined && !sameFields(domainType, expected)) {
    throw invalidParams(
      'Typed data does not match its types',
      'EIP712Domain must list the domain fields, in EIP-712 order',
    )
  }
  const message = normaliseStruct(types, input.primaryType, input.message, 'message')
  let digest: string
  try {
    digest = TypedDataEncoder.hash(domain, types as Record<string, { name: string; type: string }[]>, message)
  } catch (error) {
    throw invalidParams('Typed data does not match its types', (error as Error).message?.slice(0, 200))
  }
  const typedData = deepFreeze({
    types: domainType === undefined ? types : { EIP712Domain: expected, ...types },
    primaryType: input.primaryType,
    domain,
    message,
  }) as TypedData
  return { typedData, digest }
}

/** The struct types reachable from `primaryType` (EIP712Domain excluded), copied. */
function reachableTypes(all: TypedData['types'], primaryType: string): Record<string, Fields> {
  if (primaryType === 'EIP712Domain' || !Object.hasOwn(all, primaryType)) {
    throw invalidParams(
      'Typed data does not match its types',
      `primaryType ${primaryType.slice(0, 64)} is not a struct type`,
    )
  }
  const out: Record<string, Fields> = {}
  const visit = (name: string) => {
    if (Object.hasOwn(out, name)) return
    const fields = all[name] as Fields
    const names = new Set<string>()
    for (const f of fields) {
      if (names.has(f.name))
        throw invalidParams('Typed data does not match its types', `${name}.${f.name} is declared twice`)
      names.add(f.name)
    }
    out[name] = fields.map((f) => ({ name: f.name, type: f.type }))
    for (const f of fields) {
      const base = f.type.replace(/(\[[0-9]*\])+$/, '')
      if (base === 'EIP712Domain')
        throw invalidParams('Typed data does not match its types', 'EIP712Domain is not a field type')
      if (Object.hasOwn(all, base)) visit(base)
    }
  }
  visit(primaryType)
  return out
}

function sameFields(a: Fields, b: Fields): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]?.name && f.type === b[i]?.type)
}

function normaliseDomain(domain: TypedData['domain']): TypedData['domain'] {
  const out: TypedData['domain'] = {}
  for (const key of Object.keys(domain)) {
    if (!DOMAIN_FIELDS.some((f) => f.name === key)) {
      throw invalidParams('Typed data does not match its types', `Unknown domain field ${key.slice(0, 64)}`)
    }
  }
  if (domain.name !== undefined) out.name = domain.name
  if (domain.version !== undefined) out.version = domain.version
  if (domain.chainId !== undefined) {
    // A number, as most typed data carries it (and native signers expect), unless it is too large for one.
    const id = BigInt(normaliseValue({}, 'uint256', domain.chainId, 'domain.chainId') as string)
    out.chainId = id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id.toString(10)
  }
  if (domain.verifyingContract !== undefined) {
    out.verifyingContract = normaliseValue(
      {},
      'address',
      domain.verifyingContract,
      'domain.verifyingContract',
    ) as string
  }
  if (domain.salt !== undefined)
    out.salt = normaliseValue({}, 'bytes32', domain.salt, 'domain.salt') as string
  return out
}

function mismatch(path: string, expected: string): never {
  throw invalidParams('Typed data does not match its types', `${path.slice(0, 200)}: expected ${expected}`)
}

function normaliseStruct(
  types: Record<string, Fields>,
  name: string,
  value: unknown,
  path: string,
  depth = 0,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) mismatch(path, name)
  const record = value as Record<string, unknown>
  const fields = types[name] as Fields
  for (const key of Object.keys(record)) {
    if (!fields.some((f) => f.name === key)) mismatch(`${path}.${key}`, `no such field in ${name}`)
  }
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    if (!Object.hasOwn(record, f.name)) mismatch(`${path}.${f.name}`, f.type)
    out[f.name] = normaliseValue(types, f.type, record[f.name], `${path}.${f.name}`, depth)
  }
  return out
}

function normaliseValue(
  types: Record<string, Fields>,
  type: string,
  value: unknown,
  path: string,
  depth = 0,
): unknown {
  // Structured clone keeps cycles, and recursive struct types can follow one for ever.
  if (depth > MAX_DEPTH) mismatch(path, `at most ${MAX_DEPTH} levels of nesting`)
  const array = /^(.*)\[([0-9]*)\]$/.exec(type)
  if (array) {
    const [, inner = '', length] = array
    if (!Array.isArray(value)) mismatch(path, type)
    if (length !== '' && value.length !== Number(length)) mismatch(path, `${length} items`)
    // Structured clone keeps sparse arrays 2^32 - 2 long: bound the length before walking one.
    if (value.length > MAX_ARRAY_ITEMS) mismatch(path, `at most ${MAX_ARRAY_ITEMS} items`)
    const items: unknown[] = []
    for (let i = 0; i < value.length; i++)
      items.push(normaliseValue(types, inner, value[i], `${path}[${i}]`, depth + 1))
    return items
  }
  if (Object.hasOwn(types, type)) return normaliseStruct(types, type, value, path, depth + 1)
  if (type === 'address') {
    if (typeof value !== 'string') mismatch(path, type)
    try {
      return getAddress(value)
    } catch {
      return mismatch(path, 'an address with a valid EIP-55 checksum')
    }
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') mismatch(path, type)
    return value
  }
  if (type === 'string') {
    if (typeof value !== 'string') mismatch(path, type)
    return value
  }
  if (type === 'bytes' || /^bytes([1-9]|[12][0-9]|3[0-2])$/.test(type)) {
    if (typeof value !== 'string' || !isHexString(value)) mismatch(path, `${type} as 0x hex`)
    if (type !== 'bytes' && (value.length - 2) / 2 !== Number(type.slice(5))) mismatch(path, type)
    return value.toLowerCase()
  }
  const int = /^(u?)int([0-9]*)$/.exec(type)
  if (int) {
    const bits = int[2] === '' ? 256 : Number(int[2])
    if (bits < 8 || bits > 256 || bits % 8 !== 0) mismatch(path, 'a valid integer type')
    const n = toInteger(value)
    if (n === undefined) mismatch(path, `${type} as a decimal or 0x string or a safe integer`)
    const [min, max] =
      int[1] === 'u'
        ? [0n, (1n << BigInt(bits)) - 1n]
        : [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n]
    if (n < min || n > max) mismatch(path, `${type} in range`)
    return n.toString(10)
  }
  return mismatch(path, `a known type, not ${type.slice(0, 64)}`)
}

function toInteger(value: unknown): bigint | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : undefined
  if (typeof value !== 'string') return undefined
  if (/^-?(0|[1-9][0-9]{0,77})$/.test(value) || /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value)
  return undefined
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
