// A tiny authorization server on node:http for the SDK's tests: RFC 8414 metadata, a JWKS, RFC 6749
// token endpoint (code + refresh), RFC 7009 revocation, RFC 7662 introspection, userinfo. Counts
// requests per path. Not a real server: just enough wire to check the client's side.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'

export interface FakeServer {
  issuer: string
  hits: Map<string, number>
  /** The last token request's form and Authorization header. */
  lastToken: { form: URLSearchParams; authorization: string | undefined } | undefined
  jwks: { keys: JWK[] }
  privateKey: CryptoKey
  kid: string
  /** Adds a new signing key to the JWKS (rotation) and returns its private key. */
  rotate(kid: string): Promise<CryptoKey>
  sign(
    claims?: Record<string, unknown>,
    options?: { kid?: string; key?: CryptoKey; typ?: string },
  ): Promise<string>
  close(): Promise<void>
}

export const CLIENT_ID = 'web2-shop'
export const CLIENT_SECRET = 'app-key-secret'
export const CODE = 'good-code'
export const VERIFIER = 'v'.repeat(43)
export const REDIRECT = 'http://web2-shop.localhost:8789/'

async function body(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text
}

/**
 * RFC 6749 §2.3.1: client id and secret are form-urlencoded before Basic (oauth4webapi does it: `-`
 * becomes `%2D`), so a server must decode them.
 */
export function basicCredentials(header: string | undefined): string | undefined {
  if (!header?.startsWith('Basic ')) return undefined
  const [id, secret] = atob(header.slice(6)).split(':')
  const decode = (v = '') => decodeURIComponent(v.replace(/\+/g, ' '))
  return `${decode(id)}:${decode(secret)}`
}

export async function startFakeServer(): Promise<FakeServer> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true })
  const kid = 'k1'
  const jwks: { keys: JWK[] } = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }] }
  const hits = new Map<string, number>()
  const state: { lastToken: FakeServer['lastToken'] } = { lastToken: undefined }
  let issuer = ''
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    hits.set(path, (hits.get(path) ?? 0) + 1)
    const json = (status: number, value: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' })
      res.end(JSON.stringify(value))
    }
    const form = req.method === 'POST' ? new URLSearchParams(await body(req)) : new URLSearchParams()
    const authed = basicCredentials(req.headers.authorization) === `${CLIENT_ID}:${CLIENT_SECRET}`
    if (path === '/.well-known/oauth-authorization-server') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/oauth/wallet/authorize`,
        token_endpoint: `${issuer}/oauth/token`,
        revocation_endpoint: `${issuer}/oauth/revoke`,
        introspection_endpoint: `${issuer}/oauth/introspect`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        userinfo_endpoint: `${issuer}/api/v1/userinfo`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
      })
    }
    if (path === '/.well-known/jwks.json') return json(200, jwks)
    if (path === '/oauth/token') {
      state.lastToken = { form, authorization: req.headers.authorization }
      if (req.headers.authorization && !authed) {
        res.setHeader('www-authenticate', 'Basic realm="chainless"')
        return json(401, { error: 'invalid_client', error_description: 'bad client credentials' })
      }
      const grant = form.get('grant_type')
      const tokens = {
        access_token: 'at-1',
        token_type: 'Bearer',
        expires_in: 900,
        refresh_token: 'rt-2',
        scope: 'user:basic user:phone',
      }
      if (grant === 'authorization_code') {
        if (
          form.get('code') !== CODE ||
          form.get('code_verifier') !== VERIFIER ||
          form.get('redirect_uri') !== REDIRECT
        ) {
          return json(400, { error: 'invalid_grant', error_description: 'code expired or used' })
        }
        return json(200, tokens)
      }
      if (grant === 'refresh_token') {
        if (form.get('refresh_token') !== 'rt-1') return json(400, { error: 'invalid_grant' })
        return json(200, tokens)
      }
      return json(400, { error: 'unsupported_grant_type' })
    }
    if (path === '/oauth/revoke') return json(200, {})
    if (path === '/oauth/introspect') {
      if (!authed) return json(401, { error: 'invalid_client' })
      const token = form.get('token')
      return json(
        200,
        token === 'at-1'
          ? {
              active: true,
              scope: 'user:basic',
              client_id: CLIENT_ID,
              sub: '0xabc',
              exp: 2e9,
              iat: 1e9,
              token_type: 'Bearer',
            }
          : { active: false },
      )
    }
    if (path === '/api/v1/userinfo') {
      if (req.headers.authorization !== 'Bearer at-1') {
        return json(
          401,
          {
            type: 'about:blank',
            title: 'Unauthorized',
            status: 401,
            code: 'invalid_token',
            detail: 'token revoked',
            requestId: 'req-42',
          },
          'application/problem+json',
        )
      }
      return json(200, { sub: '0xabc', address: '0xAbC', phone_number: '+15550001234' })
    }
    json(404, { error: 'not_found' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const fake: FakeServer = {
    issuer,
    hits,
    get lastToken() {
      return state.lastToken
    },
    jwks,
    privateKey,
    kid,
    async rotate(newKid) {
      const pair = await generateKeyPair('EdDSA', { extractable: true })
      jwks.keys.push({ ...(await exportJWK(pair.publicKey)), kid: newKid, alg: 'EdDSA', use: 'sig' })
      return pair.privateKey
    },
    async sign(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000)
      return new SignJWT({
        client_id: CLIENT_ID,
        scope: 'user:basic user:phone',
        jti: crypto.randomUUID(),
        ...claims,
      })
        .setProtectedHeader({ alg: 'EdDSA', typ: options.typ ?? 'at+jwt', kid: options.kid ?? kid })
        .setIssuer((claims.iss as string | undefined) ?? issuer)
        .setSubject('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')
        .setAudience((claims.aud as string | undefined) ?? CLIENT_ID)
        .setIssuedAt((claims.iat as number | undefined) ?? now)
        .setExpirationTime((claims.exp as number | undefined) ?? now + 900)
        .sign(options.key ?? privateKey)
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  return fake
}
