// The sandbox's request log as the Platform panel keeps it: a check of each untrusted record (the
// stream and the poll are input to the page) and an ordered, de-duplicated, bounded merge.

/** One request as the sandbox recorded it (`GET /__sandbox/requests`). */
export interface PlatformRequest {
  seq: number
  at: number
  appId: string | null
  method: string
  path: string
  status: number
  code?: string
  durationMs: number
  idempotencyKey?: string
  requestId: string
}

/** The most requests the panel keeps (the sandbox keeps 2,000). */
export const MAX_REQUESTS = 500
/**
 * Whether `value` is a {@link PlatformRequest} (the stream is untrusted input to the page: a malformed
 * event is dropped, not rendered).
 */
export function isPlatformRequest(value: unknown): value is PlatformRequest {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Record<string, unknown>
  return (
    Number.isSafeInteger(r.seq) &&
    typeof r.at === 'number' &&
    (r.appId === null || typeof r.appId === 'string') &&
    typeof r.method === 'string' &&
    typeof r.path === 'string' &&
    Number.isInteger(r.status) &&
    (r.code === undefined || typeof r.code === 'string') &&
    typeof r.durationMs === 'number' &&
    (r.idempotencyKey === undefined || typeof r.idempotencyKey === 'string') &&
    typeof r.requestId === 'string'
  )
}

/**
 * Adds `incoming` to `list`: ordered by `seq`, without duplicates (a reconnect replays), the newest
 * {@link MAX_REQUESTS} kept. Answers `list` itself when nothing was new.
 *
 * @example
 * ```ts
 * mergeRequests(shown, [sameAsLast, newer]) // shown + newer, ordered by seq
 * ```
 */
export function mergeRequests(
  list: readonly PlatformRequest[],
  incoming: readonly unknown[],
): readonly PlatformRequest[] {
  const last = list.at(-1)?.seq ?? -1
  const known = new Set(list.map((r) => r.seq))
  const fresh: PlatformRequest[] = []
  for (const item of incoming.slice(0, 5000)) {
    if (isPlatformRequest(item) && !known.has(item.seq)) {
      known.add(item.seq)
      fresh.push(item)
    }
  }
  if (fresh.length === 0) return list
  const all = [...list, ...fresh]
  // Usually already in order (the stream and the poll answer oldest first): sort only when not.
  let previous = last
  for (const r of fresh) {
    if (r.seq < previous) {
      all.sort((a, b) => a.seq - b.seq)
      break
    }
    previous = r.seq
  }
  return all.length > MAX_REQUESTS ? all.slice(-MAX_REQUESTS) : all
}
