import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http'
import { HDNodeWallet } from 'ethers'
import { ApiProblem, sendProblem } from '../api/problem.js'
import { TEST_ACCOUNT_PATH, TEST_MNEMONIC } from '../chain/constants.js'
import { BodyTooLargeError, readBody } from '../http/body.js'
import { closeServer, listen } from '../http/listen.js'
import { PasskeyRegistry } from './passkeys.js'
import { checkAddress, checkPayload } from './payload.js'

/** Options of {@link createSigningService}. */
export interface SigningServiceOptions {
  /** BIP-39 phrase of the accounts it signs for. Default: the sandbox's public test mnemonic. */
  mnemonic?: string
  /** Accounts derived at `m/44'/60'/0'/0/{i}`. Default 10. */
  count?: number
  /** WebAuthn relying-party id: the wallet page's host name (or a registrable suffix). Default `localhost`. */
  rpId?: string
  rpName?: string
  /** The wallet's origin(s): CORS and WebAuthn `expectedOrigin`. */
  origin: string | readonly string[]
  /** Every signature needs a passkey assertion with user verification. Default true. */
  requireUserVerification?: boolean
  /** Life of a passkey challenge. Default 60 000 ms. */
  challengeTtlMs?: number
  /** Clock, for tests. */
  now?: () => number
}

/** A running signing service. */
export interface SigningService {
  /** The node:http handler (mount it in any server). */
  handler: RequestListener
  /** The accounts it signs for, checksummed. */
  addresses: readonly string[]
  /** How many signatures it has produced (tests check that a refused request signed nothing). */
  readonly signatureCount: number
  /** Listens on `host:port` (default 127.0.0.1, port 0 = any free one). */
  listen(options?: {
    port?: number
    host?: string
  }): Promise<{ url: string; port: number; close(): Promise<void> }>
}

const MAX_BODY = 512 * 1024

/**
 * The sandbox's remote signing service: what `RemoteSigner` (with `passkeyGate`) of
 * @chainless/runtime-host talks to, and the shape an MPC threshold signer takes. Routes:
 * `GET /addresses`, `POST /sign`, `POST /passkey/register/options`, `POST /passkey/register/verify`,
 * `POST /passkey/challenge`; errors are `application/problem+json` with a `code`. The keys stay in
 * this object (never logged, never answered). CORS admits the wallet origin(s) only.
 *
 * @example
 * ```ts
 * const service = createSigningService({ origin: 'http://wallet.localhost:5173', rpId: 'wallet.localhost' })
 * const { url, close } = await service.listen({ port: 8790 })
 * ```
 */
export function createSigningService(options: SigningServiceOptions): SigningService {
  const count = options.count ?? 10
  if (!Number.isSafeInteger(count) || count < 1 || count > 100) throw new RangeError('count must be 1..100')
  const origins = (typeof options.origin === 'string' ? [options.origin] : [...options.origin]).map(
    (o) => new URL(o).origin,
  )
  if (origins.length === 0) throw new RangeError('origin: at least one wallet origin')
  const parent = HDNodeWallet.fromPhrase(options.mnemonic ?? TEST_MNEMONIC, undefined, TEST_ACCOUNT_PATH)
  const wallets = new Map<string, HDNodeWallet>()
  for (let i = 0; i < count; i++) {
    const w = parent.deriveChild(i)
    wallets.set(w.address, w)
  }
  const addresses = Object.freeze([...wallets.keys()])
  const requireUserVerification = options.requireUserVerification ?? true
  const passkeys = new PasskeyRegistry({
    rpId: options.rpId ?? 'localhost',
    rpName: options.rpName ?? 'Chainless sandbox signer',
    origins,
    requireUserVerification,
    challengeTtlMs: options.challengeTtlMs ?? 60_000,
    now: options.now ?? Date.now,
  })
  let signatureCount = 0

  const held = (value: unknown): string => {
    const address = checkAddress(value)
    if (!wallets.has(address))
      throw new ApiProblem(404, 'unknown_address', 'this service does not hold that address')
    return address
  }

  async function sign(body: Record<string, unknown>): Promise<Record<string, string>> {
    held(body.address)
    const checked = checkPayload(body)
    if (requireUserVerification || body.assertion !== undefined) {
      if (body.assertion === undefined)
        throw new ApiProblem(
          401,
          'user_verification_required',
          'a passkey assertion is required for every signature',
        )
      await passkeys.verify(body.assertion, {
        address: checked.address,
        kind: checked.kind,
        payloadHash: checked.digest,
      })
    }
    const wallet = wallets.get(checked.address) as HDNodeWallet
    const signature = wallet.signingKey.sign(checked.digest)
    signatureCount++
    if (checked.transaction) {
      const tx = checked.transaction.clone()
      tx.signature = signature
      return { raw: tx.serialized }
    }
    return { signature: signature.serialized }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (cors(req, res, origins)) return
    if (req.method === 'GET' && path === '/addresses') return json(res, 200, { addresses })
    if (req.method !== 'POST' || !POST_ROUTES.has(path)) {
      throw new ApiProblem(
        POST_ROUTES.has(path) || path === '/addresses' ? 405 : 404,
        'not_found',
        `${req.method} ${path}`,
      )
    }
    const body = await readJson(req)
    if (path === '/sign') return json(res, 200, await sign(body))
    if (path === '/passkey/register/options')
      return json(res, 200, await passkeys.registrationOptions(held(body.address)))
    if (path === '/passkey/register/verify') {
      const address = held(body.address)
      if (typeof body.response !== 'object' || body.response === null)
        throw new ApiProblem(400, 'invalid_request', 'response: the WebAuthn registration response')
      const { credentialId } = await passkeys.register(address, body.response as never)
      return json(res, 200, { verified: true, credentialId })
    }
    // /passkey/challenge
    const address = held(body.address)
    if (typeof body.kind !== 'string' || !['message', 'typedData', 'transaction'].includes(body.kind))
      throw new ApiProblem(400, 'invalid_request', 'kind must be message, typedData or transaction')
    if (typeof body.payloadHash !== 'string' || !/^0x[0-9a-f]{64}$/.test(body.payloadHash))
      throw new ApiProblem(400, 'invalid_request', 'payloadHash must be 0x and 64 lower-case hex digits')
    return json(res, 200, await passkeys.challenge(address, body.kind, body.payloadHash))
  }

  const handler: RequestListener = (req, res) => {
    route(req, res).catch((error: unknown) => {
      const problem =
        error instanceof ApiProblem
          ? error
          : error instanceof BodyTooLargeError
            ? new ApiProblem(413, 'payload_too_large', error.shortMessage)
            : new ApiProblem(500, 'internal_error', 'signing service error')
      if (!res.headersSent) sendProblem(res, problem, 'signer')
      else res.destroy()
    })
  }

  return {
    handler,
    addresses,
    get signatureCount() {
      return signatureCount
    },
    async listen({ port = 0, host = '127.0.0.1' } = {}) {
      const server = createServer(handler)
      const bound = await listen(server, 'signing service', port, host)
      return { url: `http://${host}:${bound}`, port: bound, close: () => closeServer(server) }
    },
  }
}

const POST_ROUTES = new Set([
  '/sign',
  '/passkey/register/options',
  '/passkey/register/verify',
  '/passkey/challenge',
])

/**
 * CORS for the wallet origin(s) only (Fetch standard, "CORS protocol"): a request from any other
 * origin is refused outright (403), not merely left unreadable, so no page can make the service sign.
 * Requests without `Origin` (server-side, tests) pass. Answers `true` when it answered a preflight.
 */
function cors(req: IncomingMessage, res: ServerResponse, origins: readonly string[]): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return false
  res.setHeader('vary', 'Origin')
  if (!origins.includes(origin))
    throw new ApiProblem(403, 'origin_not_allowed', `origin ${origin.slice(0, 100)} is not allowed`)
  res.setHeader('access-control-allow-origin', origin)
  if (req.method !== 'OPTIONS') return false
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '600',
  })
  res.end()
  return true
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = String(req.headers['content-type'] ?? '')
  if (!/^application\/json\b/i.test(type))
    throw new ApiProblem(415, 'unsupported_media_type', 'send application/json')
  const raw = await readBody(req, MAX_BODY)
  let body: unknown
  try {
    body = JSON.parse(raw.toString('utf8'))
  } catch {
    throw new ApiProblem(400, 'invalid_json', 'body is not JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiProblem(400, 'invalid_request', 'body must be a JSON object')
  return body as Record<string, unknown>
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}
