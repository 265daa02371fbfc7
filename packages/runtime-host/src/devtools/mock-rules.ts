import { APP_ID_PATTERN, ChainlessError, type ErrorPayload, isMethodName } from '@chainless/protocol'
import { getAddress } from 'ethers'
import * as v from 'valibot'
import type { InspectedCall, Interception } from '../inspector.js'
import { measureJsonLike } from '../measure.js'
import { rpcMethodOf } from './bridge-log.js'

/** What a matching rule does to a call. */
export type MockAction =
  | { kind: 'error'; code: number; message?: string; data?: unknown }
  | { kind: 'result'; result: unknown }
  /** Waits, then runs the real handler. */
  | { kind: 'delay'; delayMs: number }

/** A custom response for an app's calls (the workbench's Mocks panel). */
export interface MockRule {
  /** `[A-Za-z0-9_-]{1,64}`, unique in a set. */
  id: string
  /** An appId or `'*'`. */
  appId: string
  /**
   * A bridge method (`'walletRequest'`, `'storageGet'`), an EIP-1193 method inside `walletRequest`
   * (`'eth_sendTransaction'`), or `'*'`.
   */
  method: string
  /** Only while this account is current (checksummed; compared case-insensitively). */
  account?: string
  action: MockAction
  /** Waited before an error or result action, 0 to 60,000 ms. */
  delayMs?: number
  enabled: boolean
}

/** The mock rules of the workbench. */
export interface MockRules {
  list(): readonly MockRule[]
  /**
   * Replaces every rule; validates all first (nothing changes on error). At most 200 rules.
   * @throws {InvalidMockRuleError} naming the index and field
   */
  set(rules: readonly unknown[]): void
  clear(): void
  /** Called with the new rules after every `set` or `clear`. */
  subscribe(listener: (rules: readonly MockRule[]) => void): () => void
  /**
   * The first enabled rule that matches `call`: a specific appId before `'*'`, then an EIP-1193
   * method (inside `walletRequest`) before a bridge method before `'*'`, then an account-scoped
   * rule before one for any account; ties go to the earlier rule.
   */
  match(call: InspectedCall): MockRule | undefined
}

/** Most rules in a set. */
export const MAX_MOCK_RULES = 200
/** Longest delay of a rule. */
export const MAX_MOCK_DELAY_MS = 60_000
/** Largest `result` or error `data` of a rule, in approximate JSON bytes. */
export const MAX_MOCK_VALUE_BYTES = 64 * 1024

/** One problem of a refused rule set. */
export interface MockRuleIssue {
  /** Index of the rule in the input (`-1`: the input itself). */
  index: number
  /** Dotted path of the field inside the rule (`action.code`), `''` for the rule itself. */
  field: string
  message: string
}

/**
 * A mock rule set was refused. `details` and `issues` name the index and field of each problem
 * (at most 10).
 *
 * @example
 * ```ts
 * try { devtools.mocks.set(rules) } catch (e) { if (e instanceof InvalidMockRuleError) show(e.issues) }
 * ```
 */
export class InvalidMockRuleError extends ChainlessError {
  override name = 'InvalidMockRuleError'
  readonly issues: readonly MockRuleIssue[]
  constructor(issues: readonly MockRuleIssue[]) {
    super('Invalid mock rule', {
      details: issues
        .map(
          (i) =>
            `${i.index < 0 ? 'rules' : `rules[${i.index}]`}${i.field ? `.${i.field}` : ''}: ${i.message}`,
        )
        .join('; '),
      docsPath: 'packages/runtime-host#devtools-development-only',
    })
    this.issues = issues
  }
}

const jsonValue = (what: string) =>
  v.check<unknown, string>(
    (value) => measureJsonLike(value, MAX_MOCK_VALUE_BYTES) !== Number.POSITIVE_INFINITY,
    `Expected ${what}: JSON-like, at most ${MAX_MOCK_VALUE_BYTES} bytes`,
  )
const delay = v.pipe(
  v.number(),
  v.integer('Expected an integer number of milliseconds'),
  v.minValue(0),
  v.maxValue(MAX_MOCK_DELAY_MS),
)
const actionSchema = v.variant(
  'kind',
  [
    v.strictObject({
      kind: v.literal('error'),
      code: v.pipe(
        v.number(),
        v.integer('Expected an integer code'),
        v.minValue(-(2 ** 31)),
        v.maxValue(2 ** 31 - 1),
      ),
      message: v.optional(v.pipe(v.string(), v.maxLength(1000))),
      data: v.optional(v.pipe(v.unknown(), jsonValue('error data'))),
    }),
    v.strictObject({ kind: v.literal('result'), result: v.pipe(v.unknown(), jsonValue('a result')) }),
    v.strictObject({ kind: v.literal('delay'), delayMs: delay }),
  ],
  'Expected an action of kind error, result or delay',
)
const ruleSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Expected 1 to 64 letters, digits, _ or -')),
  appId: v.pipe(
    v.string(),
    v.check((s) => s === '*' || APP_ID_PATTERN.test(s), "Expected an appId or '*'"),
  ),
  method: v.pipe(v.string(), v.regex(/^(?:\*|[A-Za-z][A-Za-z0-9_]{0,63})$/, "Expected a method name or '*'")),
  account: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^0x[0-9a-fA-F]{40}$/, 'Expected a 0x address'),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        try {
          return getAddress(dataset.value)
        } catch {
          addIssue({ message: 'Expected a valid address (bad checksum)' })
          return NEVER
        }
      }),
    ),
  ),
  action: actionSchema,
  delayMs: v.optional(delay),
  enabled: v.boolean(),
})

/**
 * Validates a rule set (what `MockRules.set` and the sandbox's `PUT /__sandbox/mocks` accept): an
 * array of at most 200 rules of the {@link MockRule} shape, no unknown fields, unique ids, results
 * and error data JSON-like and at most 64 KiB. Returns copies (later changes to `input` do not
 * reach them).
 *
 * @throws {InvalidMockRuleError} naming the index and field of up to 10 problems
 * @example
 * ```ts
 * const rules = parseMockRules([{ id: 'reject', appId: '*', method: 'eth_sendTransaction', enabled: true,
 *   action: { kind: 'error', code: 4001 } }])
 * ```
 */
export function parseMockRules(input: unknown): MockRule[] {
  if (!Array.isArray(input)) {
    throw new InvalidMockRuleError([{ index: -1, field: '', message: 'Expected an array of rules' }])
  }
  // Checked before any walk: a sparse array of length 2³²−1 survives structured clone and JSON.
  if (input.length > MAX_MOCK_RULES) {
    throw new InvalidMockRuleError([
      { index: -1, field: '', message: `Expected at most ${MAX_MOCK_RULES} rules, got ${input.length}` },
    ])
  }
  const issues: MockRuleIssue[] = []
  const rules: MockRule[] = []
  const ids = new Set<string>()
  for (let index = 0; index < input.length && issues.length < 10; index++) {
    let parsed: v.SafeParseResult<typeof ruleSchema>
    try {
      parsed = v.safeParse(ruleSchema, input[index], { abortPipeEarly: true })
    } catch {
      // A Proxy or getter that throws: refused like any other bad value.
      issues.push({ index, field: '', message: 'Unreadable rule' })
      continue
    }
    if (!parsed.success) {
      for (const issue of parsed.issues.slice(0, 10 - issues.length)) {
        issues.push({ index, field: v.getDotPath(issue) ?? '', message: issue.message.slice(0, 200) })
      }
      continue
    }
    if (ids.has(parsed.output.id)) {
      issues.push({ index, field: 'id', message: 'Duplicate id' })
      continue
    }
    ids.add(parsed.output.id)
    rules.push(cloneRule(parsed.output as MockRule))
  }
  if (issues.length > 0) throw new InvalidMockRuleError(issues)
  return rules
}

/** A frozen deep copy: JSON-like by validation, so JSON round-trips it exactly (own `__proto__` keys too). */
function cloneRule(rule: MockRule): MockRule {
  return deepFreeze(JSON.parse(JSON.stringify(rule)) as MockRule)
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value
}

/** The precedence of `rule` for `call`, or -1 when it does not match (higher wins). */
function rank(rule: MockRule, call: InspectedCall, rpcMethod: string | undefined): number {
  if (!rule.enabled) return -1
  if (rule.appId !== '*' && rule.appId !== call.appId) return -1
  let methodRank: number
  if (rule.method === '*') methodRank = 0
  else if (rule.method === call.method) methodRank = 1
  else if (rpcMethod !== undefined && rule.method === rpcMethod && !isMethodName(rule.method)) methodRank = 2
  else return -1
  if (rule.account !== undefined && rule.account.toLowerCase() !== call.account.toLowerCase()) return -1
  return (rule.appId === '*' ? 0 : 6) + methodRank * 2 + (rule.account === undefined ? 0 : 1)
}

/** @internal The interception a matched rule asks for. */
export function interceptionOf(rule: MockRule): Interception {
  const action = rule.action
  if (action.kind === 'delay') return { delayMs: action.delayMs }
  const delayMs = rule.delayMs ?? 0
  if (action.kind === 'result') return { result: action.result, delayMs }
  const error: ErrorPayload = {
    code: action.code,
    message: action.message ?? DEFAULT_MESSAGES[action.code] ?? 'Mocked error',
    ...(action.data === undefined ? {} : { data: action.data }),
  }
  return { error, delayMs }
}

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  4001: 'User rejected the request',
  4100: 'Unauthorized',
  4200: 'Unsupported method',
  4900: 'Disconnected',
  4901: 'Chain disconnected',
  4902: 'Unknown chain',
  4290: 'Rate limited',
  4080: 'Timed out',
  [-32002]: 'Platform unavailable',
  [-32003]: 'Refused by policy',
  [-32005]: 'Limit exceeded',
  [-32602]: 'Invalid params',
  [-32603]: 'Internal error',
}

/** @internal Creates the rule set, optionally with initial `rules` (validated). */
export function createMockRules(initial: readonly unknown[] = []): MockRules {
  let rules: readonly MockRule[] = Object.freeze(parseMockRules(initial))
  const listeners = new Set<(rules: readonly MockRule[]) => void>()
  const changed = () => {
    for (const listener of [...listeners]) {
      try {
        listener(rules)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
  return {
    list: () => rules,
    set(next) {
      rules = Object.freeze(parseMockRules(next))
      changed()
    },
    clear() {
      rules = Object.freeze([])
      changed()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    match(call) {
      if (rules.length === 0) return undefined
      const rpcMethod = rpcMethodOf(call.method, call.params)
      let best: MockRule | undefined
      let bestRank = -1
      for (const rule of rules) {
        const r = rank(rule, call, rpcMethod)
        if (r > bestRank) {
          best = rule
          bestRank = r
        }
      }
      return best
    },
  }
}
