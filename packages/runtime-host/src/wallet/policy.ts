import { type Manifest, PolicyRefusedError, type RiskWarning, type TypedData } from '@chainless/protocol'
import type { KeyValueStore } from './kv.js'
import { unlimitedApprovalInCalldata, unlimitedApprovalInTypedData } from './policy-approvals.js'
import { type PolicyOptions, type ResolvedPolicyOptions, resolvePolicyOptions } from './policy-options.js'
import { siweOriginMismatch } from './policy-siwe.js'

export { POLICY_DEFAULTS, type PolicyOptions } from './policy-options.js'

/** Names of the policy's rules, as they appear in {@link PolicyResult.hits}, `PolicyRefusedError.data.rule` and the audit log. */
export const POLICY_RULES = [
  'maxTransactionValue',
  'dailySpendLimit',
  'unknownContract',
  'unlimitedApproval',
  'firstInteraction',
  'typedDataDomain',
  'siweDomain',
] as const

/** One of {@link POLICY_RULES}. */
export type PolicyRule = (typeof POLICY_RULES)[number]

/** What the policy found: warnings for the sheet and the names of the rules that fired (for the audit log). */
export interface PolicyResult {
  warnings: RiskWarning[]
  hits: string[]
}

/** Input of {@link Policy.checkTransaction}: one call (a batch is checked call by call). */
export interface PolicyTransactionInput {
  appId: string
  account: string
  manifest: Manifest
  chainId: number
  /** Absent for a contract creation. */
  to?: string
  /** Native value in wei. */
  value: bigint
  /** Calldata, 0x hex (`0x` when none). */
  data: string
  /** Whether `to` has code (`eth_getCode` ≠ `0x`), as the caller found out. */
  toIsContract: boolean
  /** The manifest's contracts on this chain and the standard ones the wallet knows. */
  knownContracts: readonly string[]
}

/** Input of {@link Policy.checkTypedData}. */
export interface PolicyTypedDataInput {
  appId: string
  account: string
  manifest: Manifest
  chainId: number
  typedData: TypedData
  knownContracts: readonly string[]
}

/** Input of {@link Policy.checkMessage}. */
export interface PolicyMessageInput {
  appId: string
  manifest: Manifest
  /** The message to sign as 0x hex bytes. */
  message: string
}

/** Input of {@link Policy.recordSent}. */
export interface PolicySentInput {
  appId: string
  account: string
  chainId: number
  to?: string
  value: bigint
}

const SPEND_PREFIX = 'policy:spend:'
const SENT_PREFIX = 'policy:sent:'

/** `YYYY-MM-DD` of `time` in UTC: the spend counter's day. */
const utcDay = (time: number): string => new Date(time).toISOString().slice(0, 10)

/**
 * The wallet's transaction policy: limits that block, and rules that warn or block (POLICY.md). H1's
 * handlers call a `check*` before showing a sheet (the warnings go on the sheet; a blocking rule throws
 * {@link PolicyRefusedError} -32003 with `data.rule`, and nothing is shown or signed), and
 * {@link Policy.recordSent} after a broadcast. Counters and first-interaction memory live in the
 * {@link KeyValueStore}, so they survive a reload.
 *
 * @example
 * ```ts
 * const policy = new Policy({ maxTransactionValue: '1000000000000000000', unknownContract: 'block' }, store)
 * const { warnings, hits } = await policy.checkTransaction({ appId, account, manifest, chainId, to, value, data, toIsContract, knownContracts })
 * // …user confirms, the wallet signs and broadcasts…
 * await policy.recordSent({ appId, account, chainId, to, value })
 * ```
 */
export class Policy {
  readonly #options: ResolvedPolicyOptions
  readonly #store: KeyValueStore
  readonly #now: () => number
  #queue: Promise<unknown> = Promise.resolve()

  /** Throws `InvalidOptionError` for an unknown option or a bad value. `now` is for tests. */
  constructor(options: PolicyOptions | undefined, store: KeyValueStore, now: () => number = Date.now) {
    this.#options = resolvePolicyOptions(options)
    this.#store = store
    this.#now = now
  }

  /** Checks one transaction (or one call of a batch). Throws {@link PolicyRefusedError} when a limit or a blocking rule fires. */
  async checkTransaction(input: PolicyTransactionInput): Promise<PolicyResult> {
    const o = this.#options
    const result: PolicyResult = { warnings: [], hits: [] }
    const value = input.value > 0n ? input.value : 0n
    if (value > o.maxTransactionValue) {
      refuse(
        'maxTransactionValue',
        'Over the per-transaction limit',
        `${value} wei > ${o.maxTransactionValue} wei`,
      )
    }
    if (value > 0n) {
      const spent = await this.#spent(input.appId, input.account, input.chainId)
      if (spent + value > o.dailySpendLimit) {
        refuse(
          'dailySpendLimit',
          "Over this app's daily spend limit",
          `${spent} wei spent today (UTC) + ${value} wei > ${o.dailySpendLimit} wei`,
        )
      }
    }
    const to = typeof input.to === 'string' ? input.to : undefined
    if (to !== undefined && input.toIsContract && !isKnown(to, input.knownContracts)) {
      if (o.unknownContract === 'block')
        refuse('unknownContract', 'Unknown contract', `${to} is not a known contract`)
      add(
        result,
        'unknownContract',
        'warning',
        'This contract is not one the app declared: check what it does.',
      )
    }
    const approval = unlimitedApprovalInCalldata(input.data)
    if (approval) {
      const who = approval.spender ? ` to ${approval.spender}` : ''
      if (o.unlimitedApproval === 'block')
        refuse('unlimitedApproval', 'Unlimited approval', `${approval.kind}${who}`)
      add(
        result,
        'unlimitedApproval',
        'danger',
        approval.kind === 'setApprovalForAll'
          ? `Gives${who} control of ALL your tokens of this collection.`
          : `Unlimited approval: lets${who.replace(' to', '')} spend ALL of this token.`,
      )
    }
    if (to !== undefined && input.toIsContract && o.firstInteraction === 'warn') {
      const sent = await this.#store.get(sentKey(input.chainId, input.account, to))
      if (sent === undefined)
        add(result, 'firstInteraction', 'info', 'You have never used this contract before.')
    }
    return result
  }

  /** Checks EIP-712 typed data before it is shown: domain chain and contract, Permit approvals. */
  async checkTypedData(input: PolicyTypedDataInput): Promise<PolicyResult> {
    const o = this.#options
    const result: PolicyResult = { warnings: [], hits: [] }
    const domain =
      typeof input.typedData?.domain === 'object' && input.typedData.domain !== null
        ? input.typedData.domain
        : {}
    const problems: string[] = []
    if (domain.chainId !== undefined && chainIdOf(domain.chainId) !== input.chainId) {
      const named =
        typeof domain.chainId === 'number' || typeof domain.chainId === 'string' ? domain.chainId : '?'
      problems.push(`It is for another chain (${String(named).slice(0, 80)}).`)
    }
    const contract = domain.verifyingContract
    if (
      contract !== undefined &&
      (typeof contract !== 'string' || !isKnown(contract, input.knownContracts))
    ) {
      problems.push('It is for a contract the app did not declare.')
    }
    if (problems.length > 0) {
      if (o.typedDataDomain === 'block')
        refuse('typedDataDomain', 'Typed data for another chain or contract', problems.join(' '))
      result.hits.push('typedDataDomain')
      for (const message of problems) result.warnings.push({ level: 'danger', message })
    }
    const approval = unlimitedApprovalInTypedData(input.typedData)
    if (approval) {
      if (o.unlimitedApproval === 'block') refuse('unlimitedApproval', 'Unlimited approval', approval.kind)
      const who = typeof approval.spender === 'string' ? ` ${approval.spender.slice(0, 64)}` : ''
      add(
        result,
        'unlimitedApproval',
        'danger',
        `Unlimited ${approval.kind}: lets${who} spend ALL of this token.`,
      )
    }
    return result
  }

  /** Checks a `personal_sign` message: a Sign-In with Ethereum request for another site is a danger. */
  checkMessage(input: PolicyMessageInput): PolicyResult {
    const mismatch = siweOriginMismatch(input.message, input.manifest?.origin)
    return mismatch === undefined
      ? { warnings: [], hits: [] }
      : {
          warnings: [{ level: 'danger', message: `Not a sign-in to this app: ${mismatch}.` }],
          hits: ['siweDomain'],
        }
  }

  /** After a broadcast: adds `value` to today's spend counter and remembers the account used `to`. */
  recordSent(input: PolicySentInput): Promise<void> {
    // Serialised: two broadcasts finishing together must not lose one's spend.
    const run = this.#queue.then(async () => {
      const now = this.#now()
      if (input.value > 0n) {
        const key = spendKey(utcDay(now), input.chainId, input.appId, input.account)
        const spent = await this.#spent(input.appId, input.account, input.chainId)
        await this.#store.set(key, (spent + input.value).toString())
        await this.#prune(utcDay(now))
      }
      if (typeof input.to === 'string')
        await this.#store.set(sentKey(input.chainId, input.account, input.to), now)
    })
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #spent(appId: string, account: string, chainId: number): Promise<bigint> {
    const stored = await this.#store.get<unknown>(spendKey(utcDay(this.#now()), chainId, appId, account))
    return typeof stored === 'string' && /^[0-9]{1,80}$/.test(stored) ? BigInt(stored) : 0n
  }

  /** Drops the counters of past days, so the store does not grow by a key per app per day forever. */
  async #prune(today: string): Promise<void> {
    for (const key of await this.#store.keys(SPEND_PREFIX)) {
      if (key.slice(SPEND_PREFIX.length, SPEND_PREFIX.length + 10) < today) await this.#store.delete(key)
    }
  }
}

// Keyed by chain too: wei of two chains' native currencies do not add up.
const spendKey = (day: string, chainId: number, appId: string, account: string): string =>
  `${SPEND_PREFIX}${day}:${chainId}:${appId}:${account.toLowerCase()}`

const sentKey = (chainId: number, account: string, to: string): string =>
  `${SENT_PREFIX}${chainId}:${account.toLowerCase()}:${to.toLowerCase()}`

const isKnown = (address: string, known: readonly string[]): boolean =>
  known.some((k) => k.toLowerCase() === address.toLowerCase())

/** A domain's `chainId` (number, decimal or 0x string) as a number; NaN when it is none of these. */
function chainIdOf(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && /^(?:[0-9]{1,20}|0x[0-9a-fA-F]{1,16})$/.test(value)) return Number(value)
  return Number.NaN
}

function add(result: PolicyResult, rule: PolicyRule, level: RiskWarning['level'], message: string): void {
  result.hits.push(rule)
  result.warnings.push({ level, message })
}

function refuse(rule: PolicyRule, message: string, details: string): never {
  throw new PolicyRefusedError(message, { rule }, { details })
}
