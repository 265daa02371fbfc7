import { type CallOptions, call } from '../call.js'

/**
 * @internal One EIP-1193 request over the bridge (`walletRequest`). `params` is omitted when it is
 * `undefined` or `null` (libraries send either for "no params"; the bridge's schema takes neither).
 */
export function walletRequest(method: string, params?: unknown, options?: CallOptions): Promise<unknown> {
  return call('walletRequest', (params == null ? { method } : { method, params }) as never, options)
}
