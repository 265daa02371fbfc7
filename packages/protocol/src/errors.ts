/**
 * Error codes that cross the bridge. EIP-1193 provider codes and JSON-RPC 2.0 codes where one fits.
 * @see https://eips.ethereum.org/EIPS/eip-1193#provider-errors
 * @see https://www.jsonrpc.org/specification#error_object
 */
export const ErrorCode = {
  UserRejected: 4001,
  Unauthorized: 4100,
  UnsupportedMethod: 4200,
  Disconnected: 4900,
  ChainDisconnected: 4901,
  RateLimited: 4290,
  Timeout: 4080,
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

/**
 * Base class of every error the bridge produces, on both sides.
 *
 * @example
 * ```ts
 * try { await ready() } catch (e) { if (e instanceof BridgeError && e.code === 4900) showOutsideWalletNotice() }
 * ```
 */
export class BridgeError extends Error {
  override name = 'BridgeError'
  /** Numeric code from {@link ErrorCode}. */
  readonly code: number
  /** Optional structured details (safe to show to developers, never to contain secrets). */
  readonly data: unknown
  constructor(code: number, message: string, data?: unknown) {
    super(message)
    this.code = code
    this.data = data
  }
  /** The wire form: `{ code, message, data? }`. */
  toJSON(): ErrorPayload {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data }
  }
}

/** 4001: the user said no (closed a sheet, pressed reject). */
export class UserRejectedError extends BridgeError {
  override name = 'UserRejectedError'
  constructor(message = 'User rejected the request', data?: unknown) {
    super(ErrorCode.UserRejected, message, data)
  }
}
/** 4100: the scope is not granted, or not declared in the manifest. */
export class UnauthorizedError extends BridgeError {
  override name = 'UnauthorizedError'
  constructor(message = 'Unauthorized', data?: unknown) {
    super(ErrorCode.Unauthorized, message, data)
  }
}
/** 4200: the host does not serve this method or message type (also: incompatible protocol version). */
export class UnsupportedMethodError extends BridgeError {
  override name = 'UnsupportedMethodError'
  constructor(message = 'Unsupported method', data?: unknown) {
    super(ErrorCode.UnsupportedMethod, message, data)
  }
}
/** 4900: no host, or the host went away; pending calls settle with it. */
export class DisconnectedError extends BridgeError {
  override name = 'DisconnectedError'
  constructor(message = 'Host disconnected', data?: unknown) {
    super(ErrorCode.Disconnected, message, data)
  }
}
/** 4901: the requested chain is not available. */
export class ChainDisconnectedError extends BridgeError {
  override name = 'ChainDisconnectedError'
  constructor(message = 'Chain not available', data?: unknown) {
    super(ErrorCode.ChainDisconnected, message, data)
  }
}
/** 4290: too many calls; `data.retryAfterMs` tells when a token is back. */
export class RateLimitedError extends BridgeError {
  override name = 'RateLimitedError'
  constructor(message = 'Rate limited', data?: unknown) {
    super(ErrorCode.RateLimited, message, data)
  }
}
/** 4080: the call did not settle within its timeout. */
export class TimeoutError extends BridgeError {
  override name = 'TimeoutError'
  constructor(message = 'Timed out', data?: unknown) {
    super(ErrorCode.Timeout, message, data)
  }
}
/** -32602: params (or the message itself) failed validation. `data.issues` lists what. */
export class InvalidParamsError extends BridgeError {
  override name = 'InvalidParamsError'
  constructor(message = 'Invalid params', data?: unknown) {
    super(ErrorCode.InvalidParams, message, data)
  }
}
/** -32603: the host failed; details stay in the host. */
export class InternalError extends BridgeError {
  override name = 'InternalError'
  constructor(message = 'Internal error', data?: unknown) {
    super(ErrorCode.Internal, message, data)
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
    [ErrorCode.RateLimited]: RateLimitedError,
    [ErrorCode.Timeout]: TimeoutError,
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
 * The wire form of any thrown value. Typed errors keep code, message and data; anything else
 * becomes a bare -32603 so no stack trace or internal message leaves the host.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof BridgeError) return error.toJSON()
  return { code: ErrorCode.Internal, message: 'Internal error' }
}
