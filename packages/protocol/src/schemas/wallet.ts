/**
 * Schemas of the wallet: the `walletRequest` / `walletPay` bridge methods, and the positional params
 * of every EIP-1193 method the host serves (EIP-1474 value encoding). Host side only (valibot).
 * Address checksums (EIP-55) are checked by the host, which carries a Keccak; here only the shape.
 * @see https://eips.ethereum.org/EIPS/eip-1193
 * @see https://eips.ethereum.org/EIPS/eip-1474#value-encoding
 */
import * as v from 'valibot'
import { RPC_READ_METHODS } from '../methods/wallet.js'
import { isJsonData, isPlainObject, looseRecord, readonlyArray, shortText, strictRecord } from './shared.js'

/** Largest calldata or raw transaction, in bytes: 128 KiB (the txpool limit of common clients). */
export const MAX_TX_DATA_BYTES = 128 * 1024
/** Largest message for `personal_sign` or typed data JSON, in UTF-16 code units. */
export const MAX_SIGN_PAYLOAD_CHARS = 64 * 1024
/** Most calls in one `wallet_sendCalls` batch. */
export const MAX_BATCH_CALLS = 10

/** A 20-byte address, any case (the host checks EIP-55 when the case is mixed). */
export const addressSchema = v.pipe(
  v.string(),
  v.regex(/^0x[0-9a-fA-F]{40}$/, 'Expected a 20-byte 0x address'),
)
/** An EIP-1474 quantity that fits in 256 bits: `0x` and 1 to 64 hex digits. */
export const quantitySchema = v.pipe(
  v.string(),
  v.regex(/^0x[0-9a-fA-F]{1,64}$/, 'Expected a 0x hex quantity of at most 256 bits'),
)
/** Unformatted bytes: `0x` and an even number of hex digits, at most {@link MAX_TX_DATA_BYTES}. */
export const hexDataSchema = v.pipe(
  v.string(),
  v.maxLength(2 + 2 * MAX_TX_DATA_BYTES, `Expected at most ${MAX_TX_DATA_BYTES} bytes`),
  v.regex(/^0x(?:[0-9a-fA-F]{2})*$/, 'Expected 0x-prefixed hex bytes'),
)
/** A 32-byte hash. */
export const hash32Schema = v.pipe(v.string(), v.regex(/^0x[0-9a-fA-F]{64}$/, 'Expected a 32-byte 0x hash'))
/** A decimal string of base units that fits in 256 bits (`pay`'s amount). */
export const amountSchema = v.pipe(
  v.string(),
  v.regex(/^(?:0|[1-9][0-9]{0,77})$/, 'Expected a decimal string of base units'),
  v.check((s) => BigInt(s) < 1n << 256n, 'Amount does not fit in 256 bits'),
)

/** "No params" in EIP-1193 terms: absent, `null` or `[]` (libraries send each). */
const emptyParams = v.pipe(
  v.custom<null | undefined | readonly []>(
    (value) => value === undefined || value === null || (Array.isArray(value) && value.length === 0),
    'Expected no params',
  ),
  v.transform((): readonly [] => []),
)

/** Positional params: a plain array whose items match `items` (no holes, no extra items). */
const positional = <const TItems extends v.TupleItems>(items: TItems) => v.strictTuple(items)

/** An EIP-2930 access list. */
const accessListSchema = v.pipe(
  readonlyArray(
    looseRecord({
      address: addressSchema,
      storageKeys: v.pipe(readonlyArray(hash32Schema), v.maxLength(256)),
    }),
  ),
  v.maxLength(256),
)

/**
 * A transaction request (`eth_sendTransaction`, `eth_signTransaction`). Unknown fields are dropped, as
 * wallets do; what the host builds and signs comes from these fields only.
 */
export const transactionRequestSchema = looseRecord({
  from: v.optional(addressSchema),
  to: v.nullish(addressSchema),
  value: v.optional(quantitySchema),
  data: v.optional(hexDataSchema),
  input: v.optional(hexDataSchema),
  gas: v.optional(quantitySchema),
  gasPrice: v.optional(quantitySchema),
  maxFeePerGas: v.optional(quantitySchema),
  maxPriorityFeePerGas: v.optional(quantitySchema),
  nonce: v.optional(quantitySchema),
  chainId: v.optional(quantitySchema),
  type: v.optional(v.picklist(['0x0', '0x00', '0x1', '0x01', '0x2', '0x02'])),
  accessList: v.optional(accessListSchema),
})

/** EIP-712 typed data as `eth_signTypedData_v4` takes it (an object, or its JSON text). */
export const typedDataSchema = v.pipe(
  v.union([
    v.pipe(
      v.string(),
      v.maxLength(MAX_SIGN_PAYLOAD_CHARS),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        try {
          return JSON.parse(dataset.value) as unknown
        } catch {
          addIssue({ message: 'Typed data is not valid JSON' })
          return NEVER
        }
      }),
    ),
    v.custom<Record<string, unknown>>(isPlainObject, 'Expected typed data'),
  ]),
  looseRecord({
    types: v.pipe(
      v.record(
        v.pipe(v.string(), v.regex(/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/, 'Expected an EIP-712 type name')),
        v.pipe(
          readonlyArray(
            strictRecord({
              name: shortText(64),
              type: v.pipe(
                v.string(),
                v.regex(/^[A-Za-z_$][A-Za-z0-9_$]{0,63}(?:\[[0-9]{0,4}\])*$/, 'Expected an EIP-712 type'),
              ),
            }),
          ),
          v.maxLength(64),
        ),
      ),
      v.check((types) => Object.keys(types).length <= 64, 'Too many types'),
    ),
    primaryType: shortText(64),
    domain: looseRecord({
      name: v.optional(shortText(256)),
      version: v.optional(shortText(64)),
      chainId: v.optional(
        v.union([
          quantitySchema,
          v.pipe(v.string(), v.regex(/^[0-9]{1,78}$/)),
          v.pipe(v.number(), v.integer(), v.minValue(0)),
        ]),
      ),
      verifyingContract: v.optional(addressSchema),
      salt: v.optional(hash32Schema),
    }),
    message: v.custom<Record<string, unknown>>(isPlainObject, 'Expected the typed data message object'),
  }),
)

/** One call of a `wallet_sendCalls` batch. */
const callSchema = looseRecord({
  to: v.optional(addressSchema),
  data: v.optional(hexDataSchema),
  value: v.optional(quantitySchema),
  capabilities: v.optional(v.custom<Record<string, unknown>>(isPlainObject, 'Expected capabilities')),
})

/**
 * Params of each EIP-1193 method the host serves, as EIP-1193 passes them (positional arrays). The
 * read-only methods take any short array: the platform's proxy checks them further.
 */
export const eip1193ParamSchemas: { readonly [method: string]: v.GenericSchema } = /* @__PURE__ */ (() => {
  const readParams = v.pipe(
    v.nullish(readonlyArray(v.unknown(), 8)),
    v.transform((p): readonly unknown[] => p ?? []),
  )
  const table: Record<string, v.GenericSchema> = Object.create(null)
  table.eth_requestAccounts = emptyParams
  table.eth_accounts = emptyParams
  table.eth_chainId = emptyParams
  table.wallet_getPermissions = emptyParams
  table.wallet_requestPermissions = positional([
    strictRecord({ eth_accounts: v.custom<Record<string, unknown>>(isPlainObject, 'Expected {}') }),
  ])
  table.wallet_switchEthereumChain = positional([strictRecord({ chainId: quantitySchema })])
  table.wallet_getCapabilities = v.pipe(
    v.nullish(
      v.union([
        v.strictTuple([]),
        v.strictTuple([addressSchema]),
        v.strictTuple([addressSchema, v.pipe(readonlyArray(quantitySchema), v.maxLength(16))]),
      ]),
    ),
    v.transform((p): readonly unknown[] => p ?? []),
  )
  table.personal_sign = positional([v.pipe(v.string(), v.maxLength(MAX_SIGN_PAYLOAD_CHARS)), addressSchema])
  table.eth_signTypedData_v4 = positional([addressSchema, typedDataSchema])
  table.eth_signTransaction = positional([transactionRequestSchema])
  table.eth_sendTransaction = positional([transactionRequestSchema])
  table.eth_sendRawTransaction = positional([hexDataSchema])
  table.wallet_sendCalls = positional([
    looseRecord({
      version: shortText(16),
      id: v.optional(shortText(128)),
      from: v.optional(addressSchema),
      chainId: quantitySchema,
      atomicRequired: v.optional(v.boolean()),
      calls: v.pipe(readonlyArray(callSchema), v.minLength(1), v.maxLength(MAX_BATCH_CALLS)),
      capabilities: v.optional(v.custom<Record<string, unknown>>(isPlainObject, 'Expected capabilities')),
    }),
  ])
  table.wallet_getCallsStatus = positional([shortText(128)])
  for (const method of RPC_READ_METHODS) table[method] = readParams
  return Object.freeze(table)
})()

/** Schemas of the wallet bridge methods; their TypeScript types are inferred from these. */
export const walletSchemas = {
  /**
   * One EIP-1193 request, unchanged (`params` as the EIP's positional array). The host validates
   * `params` against {@link eip1193ParamSchemas} for `method`; an unknown method is 4200.
   */
  walletRequest: {
    params: strictRecord({
      method: v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'Expected an EIP-1193 method name')),
      params: v.optional(
        v.pipe(
          // One clear message before the union (whose own would read "Expected unknown but received Array").
          v.custom<unknown>(
            (value) => isPlainObject(value) || (Array.isArray(value) && value.length <= 16),
            'Expected an array of at most 16 items, or an object',
          ),
          v.union([
            readonlyArray(v.unknown(), 16),
            v.custom<Record<string, unknown>>(isPlainObject, 'Expected an array or an object'),
          ]),
        ),
      ),
    }),
    /** What the EIP-1193 method returns: JSON data (EIP-1474 encoding). */
    result: v.custom<unknown>((value) => isJsonData(value), 'Expected JSON data'),
  },
  /**
   * Pay `amount` base units of the native currency (DW20 on the dev chain), or of the CRC20 at
   * `token`, to `to`: one confirmation, signed and broadcast by the wallet. Resolves with the hash once
   * broadcast; `txStatus` events follow.
   */
  walletPay: {
    params: strictRecord({ to: addressSchema, amount: amountSchema, token: v.optional(addressSchema) }),
    result: strictRecord({ hash: hash32Schema }),
  },
} as const
