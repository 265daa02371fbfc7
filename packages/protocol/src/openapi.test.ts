import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { BROWSER_PERMISSIONS } from './manifest.js'
import { RPC_READ_METHODS } from './methods/wallet.js'
import { SCOPES } from './scopes.js'

const docUrl = new URL('../openapi/platform-api.json', import.meta.url)
const doc = JSON.parse(readFileSync(docUrl, 'utf8'))

/** Every endpoint of DESIGN.md's "Platform API" table: method and path. */
const DESIGN_ENDPOINTS: [string, string][] = [
  ['get', '/.well-known/oauth-authorization-server'],
  ['get', '/.well-known/jwks.json'],
  ['get', '/api/v1/wallet/nonce'],
  ['post', '/api/v1/wallet/session'],
  ['post', '/oauth/wallet/authorize'],
  ['delete', '/api/v1/wallet/grants/{appId}'],
  ['post', '/oauth/token'],
  ['post', '/oauth/revoke'],
  ['post', '/oauth/introspect'],
  ['get', '/api/v1/userinfo'],
  ['post', '/api/v1/permission/verify'],
  ['get', '/api/v1/apps/{appId}'],
  ['get', '/api/v1/apps'],
  ['post', '/api/v1/rpc/{chainId}'],
  ['post', '/api/v1/tx/broadcast'],
  ['get', '/api/v1/tx/{hash}'],
  ['post', '/api/v1/tx/relay'],
  ['post', '/api/v1/messages'],
  ['post', '/api/v1/analytics/events'],
  ['get', '/api/v1/storage/{key}'],
  ['put', '/api/v1/storage/{key}'],
  ['delete', '/api/v1/storage/{key}'],
]

describe('openapi/platform-api.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator()
    const res = await validator.validate(structuredClone(doc))
    expect(res.errors ?? []).toEqual([])
    expect(res.valid).toBe(true)
    expect(validator.version).toBe('3.1')
  })

  it('covers every endpoint of DESIGN.md', () => {
    for (const [method, path] of DESIGN_ENDPOINTS) {
      expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined()
    }
  })

  it('gives every operation a unique operationId and a status', () => {
    const ids = new Set<string>()
    for (const item of Object.values<Record<string, { operationId?: string }>>(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue
        expect(op.operationId).toMatch(/^[a-zA-Z]+$/)
        expect(ids.has(op.operationId!)).toBe(false)
        ids.add(op.operationId!)
        expect(['served', 'planned']).toContain((op as Record<string, unknown>)['x-chainless-status'])
      }
    }
  })

  it('agrees with the TypeScript constants (scopes, permissions)', () => {
    expect(doc.components.schemas.Scope.enum).toEqual([...SCOPES])
    expect(doc.components.schemas.BrowserPermission.enum).toEqual([...BROWSER_PERMISSIONS])
  })

  it('compiles every component schema with JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    ajv.addSchema(doc, 'doc')
    const manifest = ajv.getSchema('doc#/components/schemas/Manifest')!
    expect(
      manifest({
        appId: 'hello',
        name: 'Hello',
        version: '1.0.0',
        origin: 'http://hello.localhost:8090',
        entryUrl: 'http://hello.localhost:8090/',
        scopes: ['user:basic'],
      }),
    ).toBe(true)
    expect(
      manifest({
        appId: 'Hello!',
        name: 'Hello',
        version: '1',
        origin: 'x',
        entryUrl: 'x',
        scopes: ['root'],
      }),
    ).toBe(false)
    const problem = ajv.getSchema('doc#/components/schemas/Problem')!
    expect(
      problem({ type: 'urn:chainless:problem:x', title: 'X', status: 400, code: 'x', requestId: 'r' }),
    ).toBe(true)
    expect(problem({ title: 'X', status: 200 })).toBe(false)
  })

  type Operation = {
    security?: Record<string, string[]>[]
    requestBody?: { content: Record<string, { schema: { $ref: string } }> }
    responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>
  }
  const resolveResponse = (r: { $ref?: string; content?: Record<string, unknown> }) =>
    r.$ref ? doc.components.responses[r.$ref.split('/').pop()!] : r
  const oauthOperations = () =>
    Object.entries<Record<string, Operation>>(doc.paths)
      .filter(([path]) => path.startsWith('/oauth/'))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => [`${method} ${path}`, op] as const),
      )

  it('answers OAuth errors as RFC 6749 §5.2 JSON on /oauth/*, never problem+json', () => {
    expect(oauthOperations().length).toBeGreaterThanOrEqual(4)
    for (const [name, op] of oauthOperations()) {
      for (const [status, ref] of Object.entries(op.responses)) {
        // 501: the sandbox's answer for a planned operation, not an OAuth error.
        if (
          status.startsWith('2') ||
          (status === '501' && (op as Record<string, unknown>)['x-chainless-status'] === 'planned')
        )
          continue
        const content = resolveResponse(ref).content ?? {}
        expect(Object.keys(content), `${name} ${status}`).toEqual(['application/json'])
        expect(content['application/json']).toEqual({ schema: { $ref: '#/components/schemas/OAuthError' } })
      }
    }
    const ajv = new Ajv2020({ strict: false })
    ajv.addSchema(doc, 'doc')
    const oauthError = ajv.getSchema('doc#/components/schemas/OAuthError')!
    expect(oauthError({ error: 'invalid_grant', error_description: 'code expired' })).toBe(true)
    expect(oauthError({ error: 'invalid grant"' })).toBe(false)
    expect(oauthError({ type: 'urn:x', title: 'X', status: 400 })).toBe(false)
  })

  it('serves the auth operations (issue 9): no longer planned, no 501', () => {
    for (const [method, path] of [
      ['get', '/.well-known/oauth-authorization-server'],
      ['get', '/api/v1/wallet/nonce'],
      ['post', '/api/v1/wallet/session'],
      ['delete', '/api/v1/wallet/grants/{appId}'],
      ['post', '/oauth/wallet/authorize'],
      ['post', '/oauth/token'],
      ['post', '/oauth/revoke'],
      ['post', '/oauth/introspect'],
      ['get', '/api/v1/userinfo'],
      ['post', '/api/v1/permission/verify'],
    ] as const) {
      const op = doc.paths[path][method]
      expect(op['x-chainless-status'], path).toBe('served')
      expect(op.responses['501'], path).toBeUndefined()
    }
    expect(doc.paths['/api/v1/wallet/grants/{appId}'].delete.security).toEqual([{ walletSession: [] }])
    expect(doc.components.schemas.WalletAuthorizeRequest.required.sort()).toEqual(
      [
        'clientId',
        'codeChallenge',
        'codeChallengeMethod',
        'message',
        'redirectUri',
        'scope',
        'signature',
      ].sort(),
    )
  })

  it('takes client authentication none, client_secret_basic or client_secret_post', () => {
    const methods = ['none', 'client_secret_basic', 'client_secret_post']
    const metadata = doc.components.schemas.AuthorizationServerMetadata.properties
    expect(metadata.token_endpoint_auth_methods_supported.items.enum).toEqual(methods)
    for (const path of ['/oauth/token', '/oauth/revoke', '/oauth/introspect']) {
      const op: Operation = doc.paths[path].post
      expect(op.security, path).toEqual([{}, { clientSecretBasic: [] }])
      const ref = op.requestBody!.content['application/x-www-form-urlencoded']!.schema.$ref
      const body = doc.components.schemas[ref.split('/').pop()!]
      expect(Object.keys(body.properties), path).toEqual(
        expect.arrayContaining(['client_id', 'client_secret']),
      )
    }
  })

  it('signs app requests with v2= over METHOD, HOST, PATH?QUERY, TIMESTAMP, NONCE, body hash', () => {
    const hmac = doc.components.securitySchemes.appHmac['x-chainless-hmac']
    expect(hmac.signatureFormat).toBe('v2=<lowercase hex>')
    expect(hmac.stringToSign).toBe('METHOD\\nHOST\\nPATH_AND_QUERY\\nTIMESTAMP\\nNONCE\\nhex(sha256(body))')
    expect(doc.components.securitySchemes.appHmac.description).toContain('`v2=`')
  })

  it('relays a sponsored ForwardRequest: { appId, request, signature } → 202, refusals documented', () => {
    const op = doc.paths['/api/v1/tx/relay'].post
    expect(op['x-chainless-status']).toBe('served')
    expect(Object.keys(op.responses)).toEqual(
      expect.arrayContaining(['202', '400', '403', '404', '422', '429', '502']),
    )
    for (const code of [
      'not_sponsored',
      'value_not_allowed',
      'target_not_allowed',
      'invalid_signature',
      'request_expired',
      'gas_too_high',
    ])
      expect(op.description, code).toContain(`\`${code}\``)
    expect(op.description).toMatch(/auth issue/)
    const body = doc.components.schemas.RelayRequest
    expect(body.required.sort()).toEqual(['appId', 'request', 'signature'])
    // the EIP-712 ForwardRequest type of OpenZeppelin's ERC2771Forwarder, field for field
    const request = doc.components.schemas.ForwardRequest
    expect(Object.keys(request.properties)).toEqual([
      'from',
      'to',
      'value',
      'gas',
      'nonce',
      'deadline',
      'data',
    ])
    expect(request.required).toEqual(Object.keys(request.properties))
    expect(request.properties.deadline.maximum).toBe(2 ** 48 - 1)
  })

  it('declares the workbench routes (issue 12) as sandbox-only, and app reports as a public route', () => {
    const workbench: [string, string, string][] = [
      ['get', '/__sandbox/requests', 'getSandboxRequests'],
      ['get', '/__sandbox/requests/stream', 'streamSandboxRequests'],
      ['get', '/__sandbox/mocks', 'getSandboxMocks'],
      ['put', '/__sandbox/mocks', 'putSandboxMocks'],
      ['get', '/__sandbox/accounts/{address}', 'getSandboxAccount'],
      ['put', '/__sandbox/accounts/{address}/balance', 'setSandboxBalance'],
      ['post', '/__sandbox/accounts/{address}/mint', 'mintSandboxToken'],
      ['get', '/__sandbox/contracts', 'listSandboxContracts'],
      ['post', '/__sandbox/contracts', 'deploySandboxContract'],
      ['post', '/__sandbox/simulate', 'simulateSandboxTx'],
      ['post', '/__sandbox/apps/{appId}/reset', 'resetSandboxApp'],
      ['get', '/__sandbox/reports', 'getSandboxReports'],
    ]
    for (const [method, path, id] of workbench) {
      const op = doc.paths[path]?.[method]
      expect(op?.operationId, path).toBe(id)
      expect(op['x-chainless-sandbox-only'], path).toBe(true)
      expect(op['x-chainless-status'], path).toBe('served')
    }
    const report = doc.paths['/api/v1/apps/{appId}/reports'].post
    expect(report['x-chainless-sandbox-only']).toBeUndefined()
    expect(report.security).toEqual([])
    expect(Object.keys(report.responses)).toEqual(expect.arrayContaining(['201', '400', '404', '429']))
    expect(doc.components.schemas.Knobs.propertyNames.enum).toContain('reportApp')
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    ajv.addSchema(doc, 'doc')
    const rules = ajv.getSchema('doc#/components/schemas/MockRules')!
    const rule = {
      id: 'r1',
      appId: '*',
      method: 'eth_sendTransaction',
      action: { kind: 'error', code: 4001 },
      enabled: true,
    }
    expect(rules({ rules: [rule] })).toBe(true)
    expect(rules({ rules: Array.from({ length: 201 }, () => rule) })).toBe(false)
    expect(rules({ rules: [{ ...rule, delayMs: 60_001 }] })).toBe(false)
    expect(rules({ rules: [{ ...rule, action: { kind: 'delay', delayMs: 5, extra: 1 } }] })).toBe(false)
    const amount = ajv.getSchema('doc#/components/schemas/TokenAmount')!
    for (const ok of ['0', '12.5', '0.000000000000000001']) expect(amount(ok), ok).toBe(true)
    for (const bad of ['-1', '1e3', '0x1', '01', '1.', `1${'0'.repeat(80)}`])
      expect(amount(bad), bad).toBe(false)
  })

  it('the RPC proxy describes the read methods of the wallet (RPC_READ_METHODS)', () => {
    const description: string = doc.paths['/api/v1/rpc/{chainId}'].post.description
    for (const method of RPC_READ_METHODS) expect(description, method).toContain(method)
  })
})
