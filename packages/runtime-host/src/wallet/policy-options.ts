import { InvalidOptionError } from '../invalid-option-error.js'

/**
 * Options of the wallet's policy. Every field is optional; POLICY.md explains each rule.
 *
 * @example
 * ```ts
 * const policy: PolicyOptions = { maxTransactionValue: '1000000000000000000', unknownContract: 'block' }
 * ```
 */
export interface PolicyOptions {
  /** Wei (decimal string) an app may move per account per UTC day (native value); default `'100000000000000000000'` (100 DW20). */
  dailySpendLimit?: string
  /** Wei (decimal string) one transaction may move; default `'10000000000000000000'` (10 DW20). */
  maxTransactionValue?: string
  /** `to` has code and is not a known contract (the manifest's or a standard one); default `'warn'`. */
  unknownContract?: 'warn' | 'block'
  /** ERC-20 `approve`/`increaseAllowance` ≥ 2^255, `setApprovalForAll(op, true)`, a Permit with a huge value; default `'warn'` (danger). */
  unlimitedApproval?: 'warn' | 'block'
  /** First transaction from this account to this contract; default `'warn'` (info). */
  firstInteraction?: 'warn' | 'off'
  /** Typed data whose `domain.chainId` is another chain or whose `verifyingContract` is not known; default `'warn'` (danger). */
  typedDataDomain?: 'warn' | 'block'
}

/** {@link PolicyOptions} with every default applied and amounts parsed. */
export interface ResolvedPolicyOptions {
  dailySpendLimit: bigint
  maxTransactionValue: bigint
  unknownContract: 'warn' | 'block'
  unlimitedApproval: 'warn' | 'block'
  firstInteraction: 'warn' | 'off'
  typedDataDomain: 'warn' | 'block'
}

/** The defaults POLICY.md documents. */
export const POLICY_DEFAULTS: Readonly<ResolvedPolicyOptions> = Object.freeze({
  dailySpendLimit: 100n * 10n ** 18n,
  maxTransactionValue: 10n * 10n ** 18n,
  unknownContract: 'warn',
  unlimitedApproval: 'warn',
  firstInteraction: 'warn',
  typedDataDomain: 'warn',
})

const MAX_UINT256 = 2n ** 256n - 1n
const KEYS = new Set<string>([
  'dailySpendLimit',
  'maxTransactionValue',
  'unknownContract',
  'unlimitedApproval',
  'firstInteraction',
  'typedDataDomain',
])

function amount(name: string, value: unknown, fallback: bigint): bigint {
  if (value === undefined) return fallback
  // Decimal digits only: no sign, no hex, no exponent, so '1e18' is refused rather than misread.
  if (typeof value !== 'string' || !/^(?:0|[1-9][0-9]{0,77})$/.test(value) || BigInt(value) > MAX_UINT256) {
    throw new InvalidOptionError(`policy.${name}`, 'a decimal string of wei between 0 and 2^256 − 1')
  }
  return BigInt(value)
}

function choice<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidOptionError(`policy.${name}`, allowed.map((a) => `'${a}'`).join(' or '))
  }
  return value as T
}

/**
 * Checks the wallet's policy options and applies the defaults. Throws {@link InvalidOptionError} for
 * an unknown key (a typo would silently keep a default) or a bad value.
 */
export function resolvePolicyOptions(options: PolicyOptions | undefined): ResolvedPolicyOptions {
  if (options === undefined) return { ...POLICY_DEFAULTS }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidOptionError('policy', 'an object')
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new InvalidOptionError(`policy.${key}`, `one of ${[...KEYS].join(', ')}`)
  }
  const o = options as Record<string, unknown>
  return {
    dailySpendLimit: amount('dailySpendLimit', o.dailySpendLimit, POLICY_DEFAULTS.dailySpendLimit),
    maxTransactionValue: amount(
      'maxTransactionValue',
      o.maxTransactionValue,
      POLICY_DEFAULTS.maxTransactionValue,
    ),
    unknownContract: choice('unknownContract', o.unknownContract, ['warn', 'block'], 'warn'),
    unlimitedApproval: choice('unlimitedApproval', o.unlimitedApproval, ['warn', 'block'], 'warn'),
    firstInteraction: choice('firstInteraction', o.firstInteraction, ['warn', 'off'], 'warn'),
    typedDataDomain: choice('typedDataDomain', o.typedDataDomain, ['warn', 'block'], 'warn'),
  }
}
