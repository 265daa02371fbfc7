// Typed calls to the sandbox's admin API (`/__sandbox/*` on the platform API's origin): mock rules,
// knobs, test balances and mints, contracts, simulation and app resets. A problem+json answer becomes
// a SandboxApiError with its status, code and detail.
import { ChainlessError } from '@chainless/protocol'
import type { Knobs } from '../ui/KnobsForm.js'

/** A sandbox admin call failed: the sandbox's problem+json (status, code, detail), or no answer (status 0). */
export class SandboxApiError extends ChainlessError {
  override name = 'SandboxApiError'
  /** HTTP status; 0 when the sandbox did not answer (network error, aborted, not JSON). */
  readonly status: number
  /** The problem's stable code (`invalid_body`, `compile_failed`, `deploy_reverted`, ...), or `network_error` / `bad_response`. */
  readonly code: string
  /** The problem's `detail` (or `title`). */
  readonly detail: string
  /** The problem's `requestId`, when it had one. */
  readonly requestId: string | undefined
  /** Compiler messages or field errors, as lines (at most 50, each at most 2,000 characters). */
  readonly errors: readonly string[]
  /** A reverting constructor's decoded reason (`deploy_reverted`). */
  readonly reason: string | undefined
  constructor(
    status: number,
    code: string,
    detail: string,
    extra: { requestId?: string; errors?: readonly string[]; reason?: string } = {},
  ) {
    super(detail, { details: `${code}${status ? ` (HTTP ${status})` : ''}` })
    this.status = status
    this.code = code
    this.detail = detail
    this.requestId = extra.requestId
    this.errors = extra.errors ?? []
    this.reason = extra.reason
  }
}

const MAX_LINES = 50
const MAX_LINE = 2000
const clip = (text: string, max = MAX_LINE) => (text.length > max ? `${text.slice(0, max)}…` : text)

/**
 * Reads a problem+json body (untrusted: any JSON) into a {@link SandboxApiError}. Never throws.
 *
 * @example
 * ```ts
 * parseProblem(400, { code: 'compile_failed', detail: 'Compilation failed', errors: ['1:1 ParserError'] }).errors
 * ```
 */
export function parseProblem(status: number, body: unknown): SandboxApiError {
  const object =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {}
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? clip(value) : undefined)
  const code = text(object.code)?.slice(0, 100) ?? (status ? `http_${status}` : 'bad_response')
  const detail = text(object.detail) ?? text(object.title) ?? `HTTP ${status}`
  const errors: string[] = []
  if (Array.isArray(object.errors)) {
    // Bounded: a sparse array can claim 2^32 entries.
    const length = Math.min(object.errors.length, MAX_LINES)
    for (let i = 0; i < length; i++) {
      const entry: unknown = object.errors[i]
      if (typeof entry === 'string') errors.push(clip(entry))
      else if (typeof entry === 'object' && entry !== null) {
        const { pointer, message } = entry as { pointer?: unknown; message?: unknown }
        if (typeof message === 'string') {
          errors.push(clip(typeof pointer === 'string' && pointer ? `${pointer}: ${message}` : message))
        }
      }
    }
  }
  const requestId = text(object.requestId)?.slice(0, 200)
  const reason = text(object.reason)
  return new SandboxApiError(status, code, detail, {
    errors,
    ...(requestId ? { requestId } : {}),
    ...(reason ? { reason } : {}),
  })
}

/** A mock rule as the sandbox stores it (the shape of `@chainless/runtime-host/devtools`'s `MockRule`). */
export interface SandboxMockRule {
  id: string
  appId: string
  method: string
  account?: string
  action:
    | { kind: 'error'; code: number; message?: string; data?: unknown }
    | { kind: 'result'; result: unknown }
    | { kind: 'delay'; delayMs: number }
  delayMs?: number
  enabled: boolean
}

/** The test assets whose balance the sandbox sets. */
export type BalanceAsset = 'DW20' | 'CRC20'

/** `GET /__sandbox/accounts/{address}`. */
export interface SandboxAccount {
  address: string
  /** Wei, decimal strings. */
  balances: { DW20: string; CRC20: string }
  /** CRC721 token ids held (at most 100). */
  crc721: string[]
  nonce: number
}

/** A contract the sandbox knows: a standard token or one deployed in the workbench. */
export interface SandboxContract {
  name: string
  address: string
  abi: unknown[]
  kind: 'standard' | 'deployed'
  txHash?: string
  deployedAt?: number
}

/** `POST /__sandbox/contracts`: an artifact (ABI + bytecode) or one Solidity source. */
export type DeployRequest =
  | { name?: string; abi: unknown[]; bytecode: string; args?: unknown[] }
  | { source: string; contract?: string; args?: unknown[] }

/** `POST /__sandbox/simulate`. */
export interface SimulateRequest {
  from: string
  to?: string
  data?: string
  /** `0x` hex wei. */
  value?: string
  abi?: unknown[]
}

/** What a simulated transaction would do. */
export interface SimulateResult {
  ok: boolean
  returnData?: string
  gas?: string
  gasPrice: string
  fee?: { wei: string; dw20: string }
  revert?: { reason?: string; name?: string; args?: unknown[]; data: string }
}

/** `POST /__sandbox/apps/{appId}/reset`: counts of what the platform cleared. */
export interface AppResetResult {
  appId: string
  cleared: Record<string, number>
}

/** The sandbox admin API, bound to one platform URL. */
export interface SandboxApi {
  getMocks(signal?: AbortSignal): Promise<SandboxMockRule[]>
  putMocks(rules: readonly SandboxMockRule[], signal?: AbortSignal): Promise<SandboxMockRule[]>
  getKnobs(signal?: AbortSignal): Promise<Knobs>
  putKnobs(knobs: Knobs, signal?: AbortSignal): Promise<Knobs>
  account(address: string, signal?: AbortSignal): Promise<SandboxAccount>
  setBalance(
    address: string,
    asset: BalanceAsset,
    amount: string,
  ): Promise<{ address: string; asset: string; balance: string }>
  mint(
    address: string,
    request: { asset: 'CRC721' } | { asset: 'CRC1155'; id: string; amount: string },
  ): Promise<{ address: string; asset: string; txHash: string; tokenId: string }>
  contracts(signal?: AbortSignal): Promise<SandboxContract[]>
  deploy(request: DeployRequest): Promise<SandboxContract>
  simulate(request: SimulateRequest, signal?: AbortSignal): Promise<SimulateResult>
  resetApp(appId: string): Promise<AppResetResult>
}

/**
 * The sandbox admin API at `apiUrl` (the wallet's `config.apiUrl`).
 *
 * @example
 * ```ts
 * const api = sandboxApi(config.apiUrl)
 * await api.setBalance(address, 'DW20', '12.5')
 * try { await api.deploy({ source }) } catch (e) { if (e instanceof SandboxApiError) show(e.errors) }
 * ```
 */
export function sandboxApi(
  apiUrl: string,
  fetchImpl: typeof fetch = (...args) => fetch(...args),
): SandboxApi {
  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const url = new URL(path, apiUrl)
    let response: Response
    try {
      response = await fetchImpl(url, {
        method,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      })
    } catch (error) {
      throw new SandboxApiError(
        0,
        'network_error',
        `The sandbox did not answer: ${clip(String((error as Error)?.message ?? error), 200)}`,
      )
    }
    let json: unknown
    try {
      json = await response.json()
    } catch {
      if (!response.ok) throw parseProblem(response.status, undefined)
      throw new SandboxApiError(
        response.status,
        'bad_response',
        'The sandbox answered something that is not JSON',
      )
    }
    if (!response.ok) throw parseProblem(response.status, json)
    if (typeof json !== 'object' || json === null) {
      throw new SandboxApiError(response.status, 'bad_response', 'The sandbox answered an unexpected shape')
    }
    return json as T
  }
  /** The array under `key` of an answer (a missing one is a bad response, never `undefined`). */
  const list = <T>(body: Record<string, unknown>, key: string): T[] => {
    const value = body[key]
    if (!Array.isArray(value))
      throw new SandboxApiError(200, 'bad_response', `The sandbox answered no ${key}`)
    return value as T[]
  }
  const enc = encodeURIComponent
  return {
    getMocks: async (signal) => list(await call('GET', '/__sandbox/mocks', undefined, signal), 'rules'),
    putMocks: async (rules, signal) =>
      list(await call('PUT', '/__sandbox/mocks', { rules }, signal), 'rules'),
    getKnobs: (signal) => call<Knobs>('GET', '/__sandbox/knobs', undefined, signal),
    putKnobs: (knobs, signal) => call<Knobs>('PUT', '/__sandbox/knobs', knobs, signal),
    account: (address, signal) => call('GET', `/__sandbox/accounts/${enc(address)}`, undefined, signal),
    setBalance: (address, asset, amount) =>
      call('PUT', `/__sandbox/accounts/${enc(address)}/balance`, { asset, amount }),
    mint: (address, request) => call('POST', `/__sandbox/accounts/${enc(address)}/mint`, request),
    contracts: async (signal) =>
      list(await call('GET', '/__sandbox/contracts', undefined, signal), 'contracts'),
    deploy: (request) => call('POST', '/__sandbox/contracts', request),
    simulate: (request, signal) => call('POST', '/__sandbox/simulate', request, signal),
    resetApp: (appId) => call('POST', `/__sandbox/apps/${enc(appId)}/reset`, {}),
  }
}

export type { KnobSetting, Knobs } from '../ui/KnobsForm.js'
