/**
 * @internal A fake of the platform's auth endpoints for unit tests, following the agreed wire
 * exactly (nonce, wallet session, wallet authorize, token, revoke, grants): SIWE messages parsed
 * strictly with `@spruceid/siwe-parser` and their signatures verified. Not exported from the package.
 */
import { createHash } from 'node:crypto'
import { ParsedMessage } from '@spruceid/siwe-parser'
import { getAddress, verifyMessage } from 'ethers'

interface Code {
  clientId: string
  account: string
  scopes: string[]
  challenge: string
  redirectUri: string
}

export interface FakePlatformOptions {
  walletOrigin: string
  chainId: number
  /** appId → { origin, redirectUri, scopes } */
  apps: Record<string, { origin: string; redirectUri: string; scopes: readonly string[] }>
  /** Access-token lifetime, seconds (default 900). */
  expiresIn?: number
  now?: () => number
}

export class FakePlatform {
  readonly calls: { method: string; path: string; body: unknown; bearer?: string }[] = []
  readonly nonces = new Set<string>()
  readonly sessions = new Map<string, { address: string; expiresAt: number }>()
  readonly codes = new Map<string, Code>()
  readonly refresh = new Map<string, { clientId: string; account: string; scopes: string[]; live: boolean }>()
  readonly revoked: string[] = []
  readonly messages: string[] = []
  /** A test's answer for a path instead of the platform's (hostile or failing platform). */
  intercept: ((path: string) => Response | undefined) | undefined
  #n = 0
  readonly #o: FakePlatformOptions

  constructor(options: FakePlatformOptions) {
    this.#o = options
  }

  count(path: string, predicate: (body: Record<string, string>) => boolean = () => true): number {
    return this.calls.filter((c) => c.path === path && predicate(c.body as Record<string, string>)).length
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input))
    const method = init.method ?? 'GET'
    const headers = new Headers(init.headers)
    const bearer = headers.get('authorization')?.replace(/^Bearer /, '')
    const type = headers.get('content-type') ?? ''
    const raw = typeof init.body === 'string' ? init.body : ''
    const body: Record<string, string> = type.includes('json')
      ? JSON.parse(raw)
      : Object.fromEntries(new URLSearchParams(raw))
    this.calls.push({ method, path: url.pathname, body, ...(bearer ? { bearer } : {}) })
    await new Promise((r) => setTimeout(r, 1))
    return this.intercept?.(url.pathname) ?? this.#route(method, url.pathname, body, bearer)
  }

  #id(prefix: string): string {
    return `${prefix}${(++this.#n).toString().padStart(4, '0')}${Math.random().toString(36).slice(2).padEnd(12, 'x')}`
  }

  #now(): number {
    return (this.#o.now ?? Date.now)()
  }

  /** Strict SIWE checks: parse, domain, uri, chain, nonce once, time, signature. */
  #siwe(message: string, signature: string, domain: string, uri: string): ParsedMessage | string {
    let parsed: ParsedMessage
    try {
      parsed = new ParsedMessage(message)
    } catch (e) {
      return `malformed: ${String(e)}`
    }
    if (parsed.domain !== domain) return 'domain'
    if (parsed.uri !== uri) return 'uri'
    if (parsed.chainId !== this.#o.chainId) return 'chain'
    if (!this.nonces.delete(parsed.nonce)) return 'nonce'
    if (Math.abs(Date.parse(parsed.issuedAt!) - this.#now()) > 5 * 60_000) return 'issued-at'
    if (parsed.expirationTime && Date.parse(parsed.expirationTime) <= this.#now()) return 'expired'
    if (getAddress(verifyMessage(message, signature)) !== parsed.address) return 'signature'
    this.messages.push(message)
    return parsed
  }

  #route(method: string, path: string, body: Record<string, string>, bearer?: string): Response {
    const oauth = (status: number, error: string) =>
      Response.json({ error, error_description: error }, { status })
    if (method === 'GET' && path === '/api/v1/wallet/nonce') {
      const nonce = this.#id('n').replace(/[^A-Za-z0-9]/g, '')
      this.nonces.add(nonce)
      return Response.json({ nonce })
    }
    if (method === 'POST' && path === '/api/v1/wallet/session') {
      const origin = new URL(this.#o.walletOrigin)
      const parsed = this.#siwe(body.message!, body.signature!, origin.host, origin.origin)
      if (typeof parsed === 'string') {
        return Response.json({ code: 'invalid_siwe', detail: parsed }, { status: 401 })
      }
      const token = this.#id('ws')
      const expiresAt = this.#now() + 3_600_000
      this.sessions.set(token, { address: parsed.address, expiresAt })
      return Response.json({ token, address: parsed.address, expiresAt })
    }
    const session = bearer ? this.sessions.get(bearer) : undefined
    if (method === 'POST' && path === '/oauth/wallet/authorize') {
      if (!session) return Response.json({ code: 'unauthorized' }, { status: 401 })
      const app = this.#o.apps[body.clientId!]
      if (!app) return oauth(400, 'invalid_client')
      const scopes = String(body.scope).split(' ')
      if (!scopes.every((s) => app.scopes.includes(s))) return oauth(400, 'invalid_scope')
      if (body.redirectUri !== app.redirectUri) return oauth(400, 'invalid_request')
      if (body.codeChallengeMethod !== 'S256') return oauth(400, 'invalid_request')
      const parsed = this.#siwe(body.message!, body.signature!, new URL(app.origin).host, app.redirectUri)
      if (typeof parsed === 'string') return oauth(400, `invalid_request:${parsed}`)
      if (parsed.address !== session.address) return oauth(400, 'invalid_request')
      const resources = scopes.map((s) => `urn:chainless:scope:${s}`)
      if (JSON.stringify(parsed.resources ?? []) !== JSON.stringify(resources))
        return oauth(400, 'invalid_scope')
      const code = this.#id('code-')
      this.codes.set(code, {
        clientId: body.clientId!,
        account: session.address,
        scopes,
        challenge: body.codeChallenge!,
        redirectUri: body.redirectUri!,
      })
      return Response.json({ code, expiresIn: 60 })
    }
    if (method === 'POST' && path === '/oauth/token') {
      if (body.grant_type === 'authorization_code') {
        const code = this.codes.get(body.code!)
        this.codes.delete(body.code!)
        if (!code || code.clientId !== body.client_id || code.redirectUri !== body.redirect_uri) {
          return oauth(400, 'invalid_grant')
        }
        const challenge = Buffer.from(sha256(body.code_verifier ?? '')).toString('base64url')
        if (challenge !== code.challenge) return oauth(400, 'invalid_grant')
        return this.#issue(code.clientId, code.account, code.scopes)
      }
      if (body.grant_type === 'refresh_token') {
        const family = this.refresh.get(body.refresh_token!)
        if (!family?.live || family.clientId !== body.client_id) return oauth(400, 'invalid_grant')
        family.live = false
        return this.#issue(family.clientId, family.account, family.scopes)
      }
      return oauth(400, 'unsupported_grant_type')
    }
    if (method === 'POST' && path === '/oauth/revoke') {
      this.revoked.push(body.token!)
      const family = this.refresh.get(body.token!)
      if (family) family.live = false
      return new Response('', { status: 200 })
    }
    if (method === 'DELETE' && path.startsWith('/api/v1/wallet/grants/')) {
      if (!session) return Response.json({ code: 'unauthorized' }, { status: 401 })
      const appId = decodeURIComponent(path.slice('/api/v1/wallet/grants/'.length))
      for (const family of this.refresh.values()) {
        if (family.clientId === appId && family.account === session.address) family.live = false
      }
      return new Response(null, { status: 204 })
    }
    return Response.json({ code: 'not_found' }, { status: 404 })
  }

  #issue(clientId: string, account: string, scopes: string[]): Response {
    const refresh_token = this.#id('rt-')
    this.refresh.set(refresh_token, { clientId, account, scopes, live: true })
    return Response.json(
      {
        access_token: this.#id(`at-${account.slice(2, 8)}-`),
        token_type: 'Bearer',
        expires_in: this.#o.expiresIn ?? 900,
        refresh_token,
        scope: scopes.join(' '),
      },
      { headers: { 'cache-control': 'no-store' } },
    )
  }
}

function sha256(text: string): Uint8Array {
  return createHash('sha256').update(text).digest()
}
