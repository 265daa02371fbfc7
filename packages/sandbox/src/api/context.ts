import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Route } from './openapi.js'

/** What a route handler receives: the routed, validated and authenticated request. */
export interface RequestContext {
  req: IncomingMessage
  route: Route
  /** Path parameters, decoded and validated. */
  params: Record<string, string>
  /** Query parameters, validated (no unknown or repeated ones). */
  query: URLSearchParams
  /** The JSON body, validated against the operation's schema (undefined when it takes none). */
  body: unknown
  /** The app authenticated by HMAC, or null. */
  appId: string | null
}

/** A handler's answer, sent as JSON. */
export interface HandlerResult {
  status: number
  body?: unknown
  /** Response headers; default `cache-control: no-store`. */
  headers?: Record<string, string>
  /**
   * A streamed answer (Server-Sent Events): the pipeline hands the response over instead of writing
   * `body` as JSON. Not for idempotent operations.
   */
  stream?: (res: ServerResponse) => void
}

/** Serves one operation of the OpenAPI document. */
export type Handler = (ctx: RequestContext) => Promise<HandlerResult> | HandlerResult

/** Handlers by operationId. */
export type Handlers = Record<string, Handler>
