import type { Manifest, RiskWarning, TypedData } from '@chainless/protocol'
import type { KeyValueStore } from './kv.js'

/** Options of the wallet's {@link Policy}. Every field is optional; see POLICY.md for the defaults. */
export interface PolicyOptions {
  /** Wei (decimal string) per app per account per UTC day, native value; default 100 DW20. */
  dailySpendLimit?: string
  /** Wei (decimal string) per transaction; default 10 DW20. */
  maxTransactionValue?: string
  /** `to` has code and is not a known contract; default 'warn'. */
  unknownContract?: 'warn' | 'block'
  /** ERC-20 approve/increaseAllowance ≥ 2^255, setApprovalForAll(true), Permit with a huge value; default 'warn'. */
  unlimitedApproval?: 'warn' | 'block'
  /** First transaction from this account to this contract; default 'warn' (info). */
  firstInteraction?: 'warn' | 'off'
  /** Typed data whose domain names another chain or an unknown contract; default 'warn'. */
  typedDataDomain?: 'warn' | 'block'
}

/** What the policy found: warnings for the sheet and the names of the rules that fired (for the audit log). */
export interface PolicyResult {
  warnings: RiskWarning[]
  hits: string[]
}

/** Input of {@link Policy.checkTransaction}. */
export interface PolicyTransactionInput {
  appId: string
  account: string
  manifest: Manifest
  chainId: number
  to?: string
  value: bigint
  data: string
  toIsContract: boolean
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
  /** The message as 0x hex bytes. */
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

/** The wallet's transaction policy. */
export class Policy {
  constructor(_options: PolicyOptions | undefined, _store: KeyValueStore) {}
  checkTransaction(_input: PolicyTransactionInput): Promise<PolicyResult> {
    return Promise.resolve({ warnings: [], hits: [] })
  }
  checkTypedData(_input: PolicyTypedDataInput): Promise<PolicyResult> {
    return Promise.resolve({ warnings: [], hits: [] })
  }
  checkMessage(_input: PolicyMessageInput): PolicyResult {
    return { warnings: [], hits: [] }
  }
  recordSent(_input: PolicySentInput): Promise<void> {
    return Promise.resolve()
  }
}
