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
}

/** Knobs keyed by operationId (`getApp`, `broadcastTx`, ...) or `*` for all served operations. */
export type Knobs = Partial<Record<KnobTarget, KnobSetting>>

/** Operations knobs can target. */
export const KNOB_TARGETS = [
  '*',
  'getJwks',
  'searchApps',
  'getOwnApp',
  'getApp',
  'rpcProxy',
  'broadcastTx',
  'getTxStatus',
] as const

/** One of {@link KNOB_TARGETS}. */
export type KnobTarget = (typeof KNOB_TARGETS)[number]

/** Bad knobs (flag or admin request). */
export class KnobsError extends ChainlessError {
  override name = 'KnobsError'
}

/** Validates knobs against the document's `Knobs` schema. @throws {KnobsError} */
export function assertKnobs(value: unknown): asserts value is Knobs {
  const validate = getAjv().getSchema('doc#/components/schemas/Knobs')!
  if (!validate(value))
    throw new KnobsError(
      `Invalid knobs: ${(validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ')}`,
    )
}

/** The setting in force for an operation: its own entry over `*`, field by field. */
export function knobFor(knobs: Knobs, operationId: string): KnobSetting {
  return { ...knobs['*'], ...knobs[operationId as KnobTarget] }
}

/**
 * Parses knob flags of the form `OPERATION.FIELD=VALUE` (e.g. `--knob broadcastTx.latencyMs=500`,
 * `--knob '*.failureRate=0.1'`, `--knob getApp.status=503`).
 *
 * @throws {KnobsError} unknown operation or field, or a value out of range.
 * @example
 * ```ts
 * parseKnobFlags(['getApp.latencyMs=200', '*.failureRate=0.05'])
 * // { getApp: { latencyMs: 200 }, '*': { failureRate: 0.05 } }
 * ```
 */
export function parseKnobFlags(flags: readonly string[]): Knobs {
  const knobs: Record<string, Record<string, number>> = {}
  for (const flag of flags) {
    const m = /^([*A-Za-z]+)\.(latencyMs|failureRate|status)=(-?[0-9.]+)$/.exec(flag.trim())
    if (!m)
      throw new KnobsError(`Bad knob "${flag}": OPERATION.(latencyMs|failureRate|status)=NUMBER expected`)
    const [, target, field, value] = m
    knobs[target!] = { ...knobs[target!], [field!]: Number(value) }
  }
  assertKnobs(knobs)
  return knobs
}

/**
 * Applies an operation's knob before it runs: waits `latencyMs`, then throws the forced status or, with
 * probability `failureRate` (drawn from `random`), 503 `injected_failure`.
 * @throws {ApiProblem} `forced_status` or `injected_failure`
 */
export async function applyKnob(knob: KnobSetting, operationId: string, random: () => number): Promise<void> {
  if (knob.latencyMs) await new Promise((r) => setTimeout(r, knob.latencyMs))
  if (knob.status)
    throw new ApiProblem(knob.status, 'forced_status', `Forced by the sandbox knobs (${operationId})`, {
      headers: knob.status === 429 || knob.status === 503 ? { 'retry-after': '1' } : {},
    })
  if (knob.failureRate && random() < knob.failureRate)
    throw new ApiProblem(503, 'injected_failure', `Injected failure (${operationId})`, {
      headers: { 'retry-after': '1' },
    })
}
