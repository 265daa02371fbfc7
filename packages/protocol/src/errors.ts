/**
 * Error codes that cross the bridge. EIP-1193 provider codes, EIP-1474 and JSON-RPC 2.0 codes where
 * one fits.
 * @see https://eips.ethereum.org/EIPS/eip-1193#provider-errors
 * @see https://eips.ethereum.org/EIPS/eip-1474#error-codes
 * @see https://www.jsonrpc.org/specification#error_object
 */
export const ErrorCode = {
  UserRejected: 4001,
  Unauthorized: 4100,
  UnsupportedMethod: 4200,
  Disconnected: 4900,
  ChainDisconnected: 4901,
  UnknownChain: 4902,
  RateLimited: 4290,
  Timeout: 4080,
  PlatformUnavailable: -32002,
  PolicyRefused: -32003,
  LimitExceeded: -32005,
  InvalidParams: -32602,
  Internal: -32603,
} as const

/** One of the codes in {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** The shape an error takes on the wire: `{ code, message, data? }`. Never a stack trace. */
export interface ErrorPayload {
  code: number
  message: string
  data?: unknown
}

/** Options of {@link ChainlessError}. */
export interface ChainlessErrorOptions {
  /** Longer, human explanation for the developer's console. Never sent anywhere. */
  details?: string | undefined
  /** Where the docs explain this error, relative to the repository (e.g. `packages/protocol#errors`). */
  docsPath?: string | undefined
  /** The underlying error. Kept on this side only: no wire form, log line or reply carries it. */
  cause?: unknown
}

/**
 * The root of every error class of every Chainless package (modelled on viem's `BaseError`): a short
 * message fit for a user or a log line, optional `details` and a `docsPath`, and the `cause` kept
 * locally. `message` is the short message, followed by the details when there are any.
 *
 * @example
 * ```ts
 * try { await ready() } catch (e) { if (e instanceof ChainlessError) console.warn(e.shortMessage) }
 * ```
 */
// Codes are literals below (not `ErrorCode.X`), so a bundle that names a few error classes does not
// keep the whole `ErrorCode` table.
export class ChainlessError extends Error {
  override name = 'ChainlessError'
  // `declare`: assigned in the constructor, no class-field initialisers in the bundle.
  /** The message without details: what a UI or a reply may show. */
  declare readonly shortMessage: string
  /** Longer explanation, if any. */
  declare readonly details: string | undefined
  /** Where the docs explain this error. */
  declare readonly docsPath: string | undefined
  constructor(shortMessage: string, options: ChainlessErrorOptions = {}) {
    super(
      options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage,
      options.cause === undefined ? undefined : { cause: options.cause },
    )
    this.shortMessage = shortMessage
    this.details = options.details
    this.docsPath = options.docsPath
  }
}

/**
 * Base class of every error the bridge produces, on both sides.
 *
 * @example
 * ```ts
 * try { await ready() } catch (e) { if (e instanceof BridgeError && e.code === 4900) showOutsideWalletNotice() }
 * ```
 */
export class BridgeError extends ChainlessError {
  override name = 'BridgeError'
  /** Numeric code from {@link ErrorCode}. */
  declare readonly code: number
  /** Protocol-defined, JSON-safe details (e.g. `retryAfterMs`); never secrets, never a cause. */
  declare readonly data: unknown
  constructor(code: number, message: string, data?: unknown, options?: ChainlessErrorOptions) {
    super(message, { docsPath: 'packages/protocol#errors', ...options })
    this.code = code
    this.data = data
  }
  /**
   * `{ code, message, data? }` with the short message, for logs and `JSON.stringify`; -32603 without
   * data. What crosses the bridge is {@link toErrorPayload}, which also makes `data` plain JSON.
   */
  toJSON(): ErrorPayload {
    return this.code === -32603 || this.data === undefined
      ? { code: this.code, message: this.shortMessage }
      : { code: this.code, message: this.shortMessage, data: this.data }
  }
}

/** Largest `data` an error carries on the wire, in JSON bytes (UTF-16 units). */
export const MAX_ERROR_DATA_BYTES = 8 * 1024

/**
 * A plain-JSON copy of `value` when it is JSON-like (null, booleans, finite numbers, strings, arrays
 * and plain objects, no cycles, ≤ 16 levels) and fits `maxBytes`; else `undefined`. Total: it reads
 * own enumerable data properties only and never calls getters, `toJSON`, `toString` or `valueOf`.
 */
export function jsonSafe(value: unknown, maxBytes: number): unknown {
  let budget = maxBytes
  const copy = (v: unknown, depth: number): unknown => {
    if (budget < 0 || depth > 16) throw copy
    if (typeof v === 'string') budget -= v.length + 2
    else if (v === null || typeof v === 'boolean' || Number.isFinite(v)) budget -= 8
    else if (Array.isArray(v)) {
      budget -= 2
      const out: unknown[] = []
      for (let i = 0; i < v.length; i++) {
        const d = Object.getOwnPropertyDescriptor(v, i)
        // Every element costs at least its comma, holes too: a sparse array of length 2³²−1 stops at the budget.
        budget -= 1
        out.push(d && 'value' in d ? copy(d.value, depth + 1) : null)
        if (budget < 0) throw copy
      }
      return out
    } else {
      // Any other primitive (undefined, bigint, symbol, NaN…) or function fails here too: its
      // prototype is not a plain object's (or getPrototypeOf throws).
      const proto = Object.getPrototypeOf(v)
      if (proto !== Object.prototype && proto !== null) throw copy
      budget -= 2
      const out = {}
      for (const key of Object.keys(v as object)) {
        const d = Object.getOwnPropertyDescriptor(v, key)
        if (d && 'value' in d && d.value !== undefined) {
          budget -= key.length + 3
          // defineProperty: a key named `__proto__` stays an own key, it never sets the prototype.
          Object.defineProperty(out, key, {
            value: copy(d.value, depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          })
        }
      }
      return out
    }
    return v
  }
  try {
    const out = copy(value, 0)
    return budget < 0 ? undefined : out
  } catch {
    return undefined
  }
}

/** 4001: the user said no (closed a sheet, pressed reject). */
export class UserRejectedError extends BridgeError {
  override name = 'UserRejectedError'
  constructor(message = 'User rejected the request', data?: unknown, options?: ChainlessErrorOptions) {
    super(4001, message, data, options)
  }
}
/** 4100: the scope is not granted, or not declared in the manifest. */
export class UnauthorizedError extends BridgeError {
  override name = 'UnauthorizedError'
  constructor(message = 'Unauthorized', data?: unknown, options?: ChainlessErrorOptions) {
    super(4100, message, data, options)
  }
}
/** 4200: the host does not serve this method or message type (also: incompatible protocol version). */
export class UnsupportedMethodError extends BridgeError {
  override name = 'UnsupportedMethodError'
  constructor(message = 'Unsupported method', data?: unknown, options?: ChainlessErrorOptions) {
    super(4200, message, data, options)
  }
}
/** 4900: no host, or the host went away; pending calls settle with it. */
export class DisconnectedError extends BridgeError {
  override name = 'DisconnectedError'
  constructor(message = 'Host disconnected', data?: unknown, options?: ChainlessErrorOptions) {
    super(4900, message, data, options)
  }
}
/** 4901: the requested chain is not available. */
export class ChainDisconnectedError extends BridgeError {
  override name = 'ChainDisconnectedError'
  constructor(message = 'Chain not available', data?: unknown, options?: ChainlessErrorOptions) {
    super(4901, message, data, options)
  }
}
/** 4902: the wallet does not know the requested chain (EIP-3326). */
export class UnknownChainError extends BridgeError {
  override name = 'UnknownChainError'
  constructor(message = 'Unknown chain', data?: unknown, options?: ChainlessErrorOptions) {
    super(4902, message, data, options)
  }
}
/** 4290: too many calls; `data.retryAfterMs` tells when a token is back. */
export class RateLimitedError extends BridgeError {
  override name = 'RateLimitedError'
  constructor(message = 'Rate limited', data?: unknown, options?: ChainlessErrorOptions) {
    super(4290, message, data, options)
  }
}
/** 4080: the call did not settle within its timeout. */
export class TimeoutError extends BridgeError {
  override name = 'TimeoutError'
  constructor(message = 'Timed out', data?: unknown, options?: ChainlessErrorOptions) {
    super(4080, message, data, options)
  }
}
/** -32002: the platform stayed unavailable past the retry budget; `data.hash` when a transaction was signed. */
export class PlatformUnavailableError extends BridgeError {
  override name = 'PlatformUnavailableError'
  constructor(message = 'Platform unavailable', data?: unknown, options?: ChainlessErrorOptions) {
    super(-32002, message, data, options)
  }
}
/** -32003: the wallet's policy refused the transaction; `data.rule` says which rule. */
export class PolicyRefusedError extends BridgeError {
  override name = 'PolicyRefusedError'
  constructor(message = 'Refused by policy', data?: unknown, options?: ChainlessErrorOptions) {
    super(-32003, message, data, options)
  }
}
/** -32005: a limit was exceeded (storage quota, queue full). */
export class LimitExceededError extends BridgeError {
  override name = 'LimitExceededError'
  constructor(message = 'Limit exceeded', data?: unknown, options?: ChainlessErrorOptions) {
    super(-32005, message, data, options)
  }
}
/** -32602: params (or the message itself) failed validation. `data.issues` lists what. */
export class InvalidParamsError extends BridgeError {
  override name = 'InvalidParamsError'
  constructor(message = 'Invalid params', data?: unknown, options?: ChainlessErrorOptions) {
    super(-32602, message, data, options)
  }
}
/** -32603: the host failed; details (and the `cause`) stay in the host, the wire form carries no data. */
export class InternalError extends BridgeError {
  override name = 'InternalError'
  constructor(message = 'Internal error', data?: unknown, options?: ChainlessErrorOptions) {
    super(-32603, message, data, options)
  }
}

// Built on use, so a bundle that never turns payloads into errors keeps only the classes it names.
const classFor = (code: number): (new (message?: string, data?: unknown) => BridgeError) | undefined =>
  ({
    [ErrorCode.UserRejected]: UserRejectedError,
    [ErrorCode.Unauthorized]: UnauthorizedError,
    [ErrorCode.UnsupportedMethod]: UnsupportedMethodError,
    [ErrorCode.Disconnected]: DisconnectedError,
    [ErrorCode.ChainDisconnected]: ChainDisconnectedError,
    [ErrorCode.UnknownChain]: UnknownChainError,
    [ErrorCode.RateLimited]: RateLimitedError,
    [ErrorCode.Timeout]: TimeoutError,
    [ErrorCode.PlatformUnavailable]: PlatformUnavailableError,
    [ErrorCode.PolicyRefused]: PolicyRefusedError,
    [ErrorCode.LimitExceeded]: LimitExceededError,
    [ErrorCode.InvalidParams]: InvalidParamsError,
    [ErrorCode.Internal]: InternalError,
  })[code]

/**
 * Turns a wire payload back into the matching typed error. Anything that is not a well-formed
 * payload becomes an {@link InternalError}, so a hostile peer cannot make us throw non-errors.
 */
export function errorFromPayload(payload: unknown): BridgeError {
  if (typeof payload === 'object' && payload !== null) {
    const { code, message, data } = payload as Partial<ErrorPayload>
    if (typeof code === 'number' && Number.isInteger(code) && typeof message === 'string') {
      const text = message.slice(0, 1000)
      const Class = classFor(code)
      return Class ? new Class(text, data) : new BridgeError(code, text, data)
    }
  }
  return new InternalError('Malformed error from peer')
}

/**
 * The wire form of any thrown value. Typed errors keep code, short message and a plain-JSON copy of
 * `data` (at most {@link MAX_ERROR_DATA_BYTES}; data that is not JSON-like is dropped); anything else
 * (and any -32603) becomes a bare `{ code: -32603, message: 'Internal error' }`, so no stack, cause,
 * getter or internal message leaves the host.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (!(error instanceof BridgeError) || error.code === ErrorCode.Internal) {
    return { code: ErrorCode.Internal, message: 'Internal error' }
  }
  const data = jsonSafe(error.data, MAX_ERROR_DATA_BYTES)
  return data === undefined
    ? { code: error.code, message: error.shortMessage }
    : { code: error.code, message: error.shortMessage, data }
}
