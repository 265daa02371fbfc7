import { readFileSync } from 'node:fs'
import { Validator } from '@seriousme/openapi-schema-validator'
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { BROWSER_PERMISSIONS } from './manifest.js'
import { SCOPES } from './scopes.js'

const docUrl = new URL('../openapi/platform-api.json', import.meta.url)
const doc = JSON.parse(readFileSync(docUrl, 'utf8'))

/** Every endpoint of DESIGN.md's "Platform API" table: method and path. */
const DESIGN_ENDPOINTS: [string, string][] = [
  ['get', '/.well-known/oauth-authorization-server'],
  ['get', '/.well-known/jwks.json'],
  ['post', '/oauth/wallet/authorize'],
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
})
