import { getAddress, isHexString } from 'ethers'

/** The signer methods forwarded to the native app. */
export type WebViewMethod = 'getAddresses' | 'signMessage' | 'signTypedData' | 'signTransaction'

/** A request to the native app (docs/SIGNERS.md, "WebView signer"). */
export interface WebViewSignerRequest {
  type: 'chainless:signer-request'
  /** Protocol version. */
  v: 1
  /** Unique per request: the reply carries it back. */
  id: string
  method: WebViewMethod
  /** `{}` for getAddresses; `{ address, message }`, `{ address, typedData }`, `{ address, transaction }` otherwise. */
  params: Record<string, unknown>
}

/** Tells the native app the wallet gave up on a request (timeout or abort): dismiss its prompt. */
export interface WebViewSignerCancel {
  type: 'chainless:signer-cancel'
  v: 1
  id: string
  reason: 'timeout' | 'aborted'
}

/** A reply from the native app: exactly one of `result` and `error`. */
export type WebViewSignerReply =
  | { type: 'chainless:signer-reply'; id: string; result: unknown }
  | { type: 'chainless:signer-reply'; id: string; error: { code: number; message: string } }

/** Largest reply accepted, in UTF-16 units: addresses and signatures are small. */
export const MAX_REPLY_LENGTH = 64 * 1024
const ID = /^[A-Za-z0-9_-]{1,64}$/
const SIGNATURE = /^0x[0-9a-fA-F]{130}$/
const MAX_ADDRESSES = 100

/** What {@link parseReply} makes of a reply string. */
export type ParsedReply =
  | { ok: true; id: string; result: unknown }
  | { ok: true; id: string; error: { code: number; message: string } }
  | { ok: false; id?: string; reason: string }

/**
 * Parses a reply string from the native side strictly: a JSON object with `type:
 * 'chainless:signer-reply'`, a string `id`, and exactly one of `result` and `error` (`{ code: integer,
 * message: string }`); no other keys. Total: never throws, whatever the input.
 */
export function parseReply(input: unknown): ParsedReply {
  if (typeof input !== 'string') return { ok: false, reason: 'not_a_string' }
  if (input.length > MAX_REPLY_LENGTH) return { ok: false, reason: 'too_large' }
  let value: unknown
  try {
    value = JSON.parse(input)
  } catch {
    return { ok: false, reason: 'not_json' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'not_an_object' }
  const o = value as Record<string, unknown>
  if (o.type !== 'chainless:signer-reply') return { ok: false, reason: 'wrong_type' }
  if (typeof o.id !== 'string' || !ID.test(o.id)) return { ok: false, reason: 'bad_id' }
  const id = o.id
  const keys = Object.keys(o).sort().join(',')
  if (keys === 'id,result,type') return { ok: true, id, result: o.result }
  if (keys === 'error,id,type') {
    const e = o.error
    if (typeof e !== 'object' || e === null || Array.isArray(e)) return { ok: false, id, reason: 'bad_error' }
    const { code, message } = e as Record<string, unknown>
    if (!Number.isSafeInteger(code) || typeof message !== 'string' || message.length > 500)
      return { ok: false, id, reason: 'bad_error' }
    return { ok: true, id, error: { code: code as number, message } }
  }
  return { ok: false, id, reason: 'bad_shape' }
}

/**
 * Checks a `result` against what `method` returns: a list of 1–100 addresses (EIP-55 when mixed-case),
 * a 65-byte signature, or a raw transaction (hex). Answers the normalised value, or `undefined`.
 */
export function checkResult(method: WebViewMethod, result: unknown): unknown {
  if (method === 'getAddresses') {
    if (!Array.isArray(result) || result.length < 1 || result.length > MAX_ADDRESSES) return undefined
    const out: string[] = []
    for (const a of result) {
      if (typeof a !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(a)) return undefined
      try {
        out.push(getAddress(a))
      } catch {
        return undefined
      }
    }
    return Object.freeze(out)
  }
  if (method === 'signTransaction')
    return typeof result === 'string' && isHexString(result) && result.length >= 4 && result.length % 2 === 0
      ? result
      : undefined
  return typeof result === 'string' && SIGNATURE.test(result) ? result : undefined
}
