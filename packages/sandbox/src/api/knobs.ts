import { ChainlessError } from '@chainless/protocol'
import { getAjv } from './openapi.js'
import { ApiProblem } from './problem.js'

/** Fault injection for one operation (the OpenAPI document's `KnobSetting`). */
export interface KnobSetting {
  /** Delay before answering, ms (0..60000). */
  latencyMs?: number
  /** Probability (0..1) of answering 503 `injected_failure`. */
  failureRate?: number
  /** Forced error status (400..599), answered as problem+json `forced_status`. */
  status?: number
  /** Answer 503 `injected_failure` for the next N calls before the handler runs (no effect), counting down. */
  failNext?: number
  /**
   * Run the handler (the effect happens), then answer 503 `injected_failure` instead of its result for
   * the next N calls, counting down: a lost answer. An Idempotency-Key retry replays the first result.
   */
  failAfterNext?: number
  /** `Retry-After` (seconds) of forced 429/503 answers and injected failures. Default 1. */
  retryAfterSeconds?: number
}

/** Knobs keyed by operationId (`getApp`, `broadcastTx`, ...) or `*` for all served operations. */
export type Knobs = Partial<Record<KnobTarget, KnobSetting>>

/** Operations knobs can target: every served operation but the sandbox's own, and `*`. */
export const KNOB_TARGETS = [
  '*',
  'getAuthorizationServerMetadata',
  'getJwks',
  'getWalletNonce',
  'createWalletSession',
  'revokeWalletGrant',
  'walletAuthorize',
  'token',
  'revoke',
  'introspect',
  'getUserInfo',
  'verifyPermission',
  'searchApps',
  'getOwnApp',
  'getApp',
  'rpcProxy',
  'broadcastTx',
  'relayTx',
  'getTxStatus',
  'sendMessage',
  'trackEvents',
  'getStorageValue',
  'putStorageValue',
  'deleteStorageValue',
  'listWalletMessages',
  'listStorageKeys',
  'listUserStorageKeys',
  'getUserStorageValue',
  'putUserStorageValue',
  'deleteUserStorageValue',
  'reportApp',
] as const

/** One of {@link KNOB_TARGETS}. */
export type KnobTarget = (typeof KNOB_TARGETS)[number]

const FIELDS = [
  'latencyMs',
  'failureRate',
  'status',
  'failNext',
  'failAfterNext',
  'retryAfterSeconds',
] as const

/** Bad knobs (flag or admin request). */
export class KnobsError extends ChainlessError {
  override name = 'KnobsError'
}

/** Validates knobs against the document's `Knobs` schema. @throws {KnobsError} */
export function assertKnobs(value: unknown): asserts value is Knobs {
  const validate = getAjv().getSchema('doc#/components/schemas/Knobs')!
  if (validate(value)) return
  const errors = validate.errors ?? []
  // an unknown target: say which ones exist
  const unknown = errors.find((e) => e.keyword === 'propertyNames')
  if (unknown) {
    const name = String((unknown.params as { propertyName?: string }).propertyName ?? '').slice(0, 100)
    throw new KnobsError(`Unknown knob target "${name}" (one of ${KNOB_TARGETS.join(', ')})`)
  }
  throw new KnobsError(
    `Invalid knobs: ${errors
      .filter((e) => e.propertyName === undefined)
      .map((e) => `${e.instancePath || '(root)'} ${e.message}`)
      .join('; ')}`,
  )
}

/** The setting in force for an operation: its own entry over `*`, field by field. */
export function knobFor(knobs: Knobs, operationId: string): KnobSetting {
  return { ...knobs['*'], ...knobs[operationId as KnobTarget] }
}

/**
 * Parses knob flags of the form `OPERATION.FIELD=VALUE` (e.g. `--knob broadcastTx.latencyMs=500`,
 * `--knob '*.failureRate=0.1'`, `--knob getApp.status=503`, `--knob sendMessage.failNext=2`).
 *
 * @throws {KnobsError} unknown operation (the message lists the valid ones) or field, or a value out of range.
 * @example
 * ```ts
 * parseKnobFlags(['getApp.latencyMs=200', '*.failureRate=0.05', 'sendMessage.failAfterNext=1'])
 * // { getApp: { latencyMs: 200 }, '*': { failureRate: 0.05 }, sendMessage: { failAfterNext: 1 } }
 * ```
 */
export function parseKnobFlags(flags: readonly string[]): Knobs {
  const knobs: Record<string, Record<string, number>> = {}
  const fields = FIELDS.join('|')
  for (const flag of flags) {
    const m = new RegExp(`^([*A-Za-z]+)\\.(${fields})=(-?[0-9.]+)$`).exec(flag.trim())
    if (!m) throw new KnobsError(`Bad knob "${flag.slice(0, 200)}": OPERATION.(${fields})=NUMBER expected`)
    const [, target, field, value] = m
    knobs[target!] = { ...knobs[target!], [field!]: Number(value) }
  }
  assertKnobs(knobs)
  return knobs
}

const retryAfter = (knob: KnobSetting) => ({ 'retry-after': String(knob.retryAfterSeconds ?? 1) })

const injected = (knob: KnobSetting, operationId: string, what: string) =>
  new ApiProblem(503, 'injected_failure', `Injected failure (${operationId}${what})`, {
    headers: retryAfter(knob),
  })

/**
 * Counts a counter field down by one in the entry that set it (the operation's own, else `*`) and
 * answers whether it was positive.
 */
function takeCount(knobs: Knobs, operationId: string, field: 'failNext' | 'failAfterNext'): boolean {
  const own = knobs[operationId as KnobTarget]
  const entry = own?.[field] !== undefined ? own : knobs['*']
  const left = entry?.[field] ?? 0
  if (!entry || left <= 0) return false
  if (left === 1) delete entry[field]
  else entry[field] = left - 1
  return true
}

/**
 * Applies an operation's knobs before it runs: waits `latencyMs`, then throws the forced status, or
 * 503 `injected_failure` while `failNext` counts down (counted in `knobs`) or with probability
 * `failureRate` (drawn from `random`).
 * @throws {ApiProblem} `forced_status` or `injected_failure`
 */
export async function applyKnobBefore(
  knobs: Knobs,
  operationId: string,
  random: () => number,
): Promise<void> {
  const knob = knobFor(knobs, operationId)
  if (knob.latencyMs) await new Promise((r) => setTimeout(r, knob.latencyMs))
  if (knob.status)
    throw new ApiProblem(knob.status, 'forced_status', `Forced by the sandbox knobs (${operationId})`, {
      headers: knob.status === 429 || knob.status === 503 ? retryAfter(knob) : {},
    })
  if (takeCount(knobs, operationId, 'failNext')) throw injected(knob, operationId, ', failNext')
  if (knob.failureRate && random() < knob.failureRate) throw injected(knob, operationId, '')
}

/**
 * After the handler ran: the 503 that replaces its answer while `failAfterNext` counts down (counted in
 * `knobs`), or undefined.
 */
export function failureAfter(knobs: Knobs, operationId: string): ApiProblem | undefined {
  if (!takeCount(knobs, operationId, 'failAfterNext')) return undefined
  return injected(knobFor(knobs, operationId), operationId, ', failAfterNext: the effect happened')
}
