import type { IncomingMessage, ServerResponse } from 'node:http'

/** One platform API request as the sandbox saw it (the document's `PlatformRequest`). */
export interface PlatformRequest {
  seq: number
  /** Arrival, ms since the epoch. */
  at: number
  appId: string | null
  method: string
  /** Path and query, secret-like query values masked. */
  path: string
  status: number
  /** Problem (or OAuth error) code of a refusal. */
  code?: string
  durationMs: number
  idempotencyKey?: string
  requestId: string
}

/** Which requests a reader wants. */
export interface RequestFilter {
  appId?: string
  /** Only `seq` above this. */
  since?: number
}

/** What replaces a masked value. */
export const MASK = '••••'

/** Default ring-buffer size. */
export const REQUEST_LOG_CAPACITY = 2000

// Query parameters whose values are credentials (OAuth codes and tokens, PKCE verifiers, secrets).
const SECRET_PARAM = /token|secret|^code$|verifier|password|signature|private|assertion|^key$|apikey|api_key/i
const APP_ID = /^[a-z0-9][a-z0-9-]{0,62}$/
const MAX_PATH = 2000
const HEARTBEAT_MS = 15_000
/** A reader that does not read: its stream ends instead of buffering without bound. */
const MAX_BUFFERED = 1 << 20
/** Open streams at most (forgotten tabs): a new one ends the oldest. */
export const MAX_REQUEST_STREAMS = 32

/**
 * The path and query of a request target with the values of credential-like query parameters
 * (`code`, `*token*`, `*secret*`, `code_verifier`, ...) replaced by {@link MASK}; at most 2,000 characters.
 *
 * @example
 * ```ts
 * maskTarget('/oauth/authorize?code=abc&state=1') // '/oauth/authorize?code=••••&state=1'
 * ```
 */
export function maskTarget(target: string): string {
  const q = target.indexOf('?')
  if (q < 0) return target.slice(0, MAX_PATH)
  const query = target
    .slice(q + 1, q + 1 + MAX_PATH)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      if (eq < 0) return pair
      let name = pair.slice(0, eq)
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '))
      } catch {
        // a malformed escape is shown as sent
      }
      return SECRET_PARAM.test(name) ? `${pair.slice(0, eq)}=${MASK}` : pair
    })
    .join('&')
  return `${target.slice(0, q)}?${query}`.slice(0, MAX_PATH)
}

// What the pipeline learns about a request while serving it (its app, the refusal's code).
const notes = new WeakMap<IncomingMessage, { appId?: string; code?: string }>()

/**
 * Notes the app a request belongs to (HMAC app, bearer token client, OAuth client_id, path appId):
 * the last valid appId noted wins.
 */
export function noteRequestApp(req: IncomingMessage, appId: unknown): void {
  if (typeof appId !== 'string' || !APP_ID.test(appId)) return
  const n = notes.get(req) ?? {}
  n.appId = appId
  notes.set(req, n)
}

/** Notes the problem (or OAuth error) code a request was refused with. */
export function noteRequestCode(req: IncomingMessage, code: string): void {
  const n = notes.get(req) ?? {}
  n.code = code.slice(0, 100)
  notes.set(req, n)
}

/**
 * The platform API's request log for the workbench's Platform panel: a ring buffer of the last
 * {@link REQUEST_LOG_CAPACITY} requests (`/__sandbox/*` excluded), readable by `seq` and streamed as
 * Server-Sent Events.
 *
 * @example
 * ```ts
 * const log = new RequestLog()
 * server.on('request', (req, res) => log.track(req, res, requestId))
 * log.entries({ appId: 'hello' })
 * ```
 */
export class RequestLog {
  readonly capacity: number
  // a circular buffer: `#start` is the oldest entry once it is full (no shifting of 2,000 entries per add)
  readonly #ring: PlatformRequest[] = []
  #start = 0
  #seq = 0
  readonly #listeners = new Set<(entry: PlatformRequest) => void>()
  readonly #streams = new Set<ServerResponse>()
  readonly #now: () => number

  constructor(options: { capacity?: number; now?: () => number } = {}) {
    this.capacity = options.capacity ?? REQUEST_LOG_CAPACITY
    this.#now = options.now ?? Date.now
  }

  /** Records `req` when its answer is done (or the client went away); `/__sandbox/*` is skipped. */
  track(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    const target = req.url ?? '/'
    if (target.startsWith('/__sandbox/')) return
    const at = this.#now()
    const started = performance.now()
    // what names the app before the pipeline knows more: the HMAC app header, a Basic client id,
    // a `client_id` in the query (verified or not: a refused request is shown under the app it claimed)
    const header = req.headers['x-chainless-app']
    noteRequestApp(req, Array.isArray(header) ? undefined : header)
    noteRequestApp(req, basicClientId(req.headers.authorization))
    noteRequestApp(req, /[?&]client_id=([a-z0-9-]{1,63})(?:&|$)/.exec(target)?.[1])
    res.once('close', () => {
      const n = notes.get(req)
      const key = req.headers['idempotency-key']
      this.add({
        at,
        appId: n?.appId ?? null,
        method: (req.method ?? 'GET').slice(0, 20),
        path: maskTarget(target),
        // a client that went away before the answer: 499, as proxies log it
        status: res.writableFinished ? res.statusCode : 499,
        ...(n?.code ? { code: n.code } : {}),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        ...(typeof key === 'string' ? { idempotencyKey: key.slice(0, 200) } : {}),
        requestId,
      })
    })
  }

  /** Appends an entry (seq assigned here) and tells the listeners. */
  add(entry: Omit<PlatformRequest, 'seq'>): PlatformRequest {
    const full: PlatformRequest = { seq: ++this.#seq, ...entry }
    if (this.#ring.length < this.capacity) this.#ring.push(full)
    else {
      this.#ring[this.#start] = full
      this.#start = (this.#start + 1) % this.capacity
    }
    for (const listener of this.#listeners) listener(full)
    return full
  }

  /** Entries oldest first: of `appId` when given, after `since`, the newest `limit` (default 500). */
  entries(filter: RequestFilter & { limit?: number } = {}): PlatformRequest[] {
    const ordered = [...this.#ring.slice(this.#start), ...this.#ring.slice(0, this.#start)]
    return ordered.filter((e) => matches(e, filter)).slice(-(filter.limit ?? 500))
  }

  /** Calls `listener` with every new entry; answers the unsubscribe function. */
  subscribe(listener: (entry: PlatformRequest) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Serves `res` as `text/event-stream`: the backlog after `since`, then each new matching entry as
   * `event: request`. Ends when the client goes away, reads too slowly, or {@link close} is called.
   */
  stream(req: IncomingMessage, res: ServerResponse, filter: RequestFilter): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const send = (e: PlatformRequest) => {
      if (!matches(e, filter)) return
      res.write(`event: request\nid: ${e.seq}\ndata: ${JSON.stringify(e)}\n\n`)
      if (res.writableLength > MAX_BUFFERED) res.end()
    }
    res.write(': chainless sandbox requests\n\n')
    for (const e of this.entries({ ...filter, limit: this.capacity })) send(e)
    const unsubscribe = this.subscribe(send)
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS)
    heartbeat.unref()
    this.#streams.add(res)
    if (this.#streams.size > MAX_REQUEST_STREAMS) this.#streams.values().next().value?.end()
    res.once('close', () => {
      unsubscribe()
      clearInterval(heartbeat)
      this.#streams.delete(res)
    })
  }

  /** Ends every open stream (the API is closing). */
  close(): void {
    for (const res of this.#streams) res.end()
    this.#streams.clear()
  }
}

function basicClientId(authorization: string | undefined): string | undefined {
  const m = /^Basic +([A-Za-z0-9+/=]{1,400})$/i.exec(authorization ?? '')
  if (!m) return undefined
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  try {
    return colon > 0 ? decodeURIComponent(decoded.slice(0, colon)) : undefined
  } catch {
    return undefined
  }
}

function matches(e: PlatformRequest, filter: RequestFilter): boolean {
  return (
    (filter.since === undefined || e.seq > filter.since) &&
    (filter.appId === undefined || e.appId === filter.appId)
  )
}
