/** Per-call options every service method takes. */
export interface CallOptions {
  /** Cancels the call (and its retries). */
  signal?: AbortSignal | undefined
  /**
   * `Idempotency-Key` of an effectful call. Default: a fresh key per call, reused by its retries. Pass
   * your own (e.g. your job id) to make a call idempotent across process restarts too.
   */
  idempotencyKey?: string | undefined
}

/** The options a service forwards to `PlatformClient.request`, without `undefined` members. */
export function forward(options: CallOptions | undefined): CallOptions {
  const out: CallOptions = {}
  if (options?.signal) out.signal = options.signal
  if (options?.idempotencyKey !== undefined) out.idempotencyKey = options.idempotencyKey
  return out
}
