/**
 * Test helper: checks an HTTP response against the OpenAPI document (status declared, content type
 * declared, body valid against the declared schema; problems carry the X-Request-Id as requestId).
 */
import { expect } from 'vitest'
import { getAjv, openApiDocument } from './openapi.js'

const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')
const at = (pointer: string): unknown => {
  let node: unknown = openApiDocument
  for (const part of pointer.split('/').slice(1))
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  return node
}

/** Operation id → [method, path template]. */
export const operations = new Map<string, [string, string]>()
for (const [template, item] of Object.entries(openApiDocument.paths))
  for (const [method, op] of Object.entries(item))
    if (method !== 'parameters')
      operations.set((op as { operationId: string }).operationId, [method, template])

/** A fetched response, read once. */
export interface Exchange {
  status: number
  headers: Headers
  text: string
  json: unknown
}

/** Fetches and reads the body. */
export async function call(url: string, init?: RequestInit): Promise<Exchange> {
  const res = await fetch(url, init)
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** Asserts the exchange matches what the document says `operationId` answers. Returns the body. */
export function expectContract(operationId: string, ex: Exchange): unknown {
  const [method, template] = operations.get(operationId) ?? []
  expect(method, `operation ${operationId}`).toBeDefined()
  const opPtr = `/paths/${esc(template!)}/${method}`
  const responses = at(`${opPtr}/responses`) as Record<string, unknown>
  const key = String(ex.status) in responses ? String(ex.status) : 'default'
  expect(responses[key], `${operationId} declares ${ex.status}`).toBeDefined()
  let respPtr = `${opPtr}/responses/${key}`
  let resp = at(respPtr) as { $ref?: string; content?: Record<string, unknown> }
  if (resp.$ref) {
    respPtr = resp.$ref.slice(1)
    resp = at(respPtr) as typeof resp
  }
  if (!resp.content) {
    expect(ex.text).toBe('')
    return undefined
  }
  const ct = (ex.headers.get('content-type') ?? '').split(';')[0]!.trim()
  expect(Object.keys(resp.content), `${operationId} ${ex.status} content type`).toContain(ct)
  const validate = getAjv().getSchema(`doc#${respPtr}/content/${esc(ct)}/schema`)!
  const ok = validate(ex.json)
  expect(ok ? [] : validate.errors, `${operationId} ${ex.status} body ${ex.text.slice(0, 300)}`).toEqual([])
  if (ct === 'application/problem+json') {
    expect((ex.json as { requestId: string }).requestId).toBe(ex.headers.get('x-request-id'))
    expect((ex.json as { status: number }).status).toBe(ex.status)
  }
  return ex.json
}

/** Asserts a problem answer with this status and code, valid for `operationId` (or any Problem). */
export function expectProblem(ex: Exchange, status: number, code: string, operationId?: string) {
  expect(ex.status, ex.text).toBe(status)
  expect(ex.headers.get('content-type')).toBe('application/problem+json')
  expect((ex.json as { code: string }).code).toBe(code)
  if (operationId) expectContract(operationId, ex)
  else {
    const validate = getAjv().getSchema('doc#/components/schemas/Problem')!
    expect(validate(ex.json) ? [] : validate.errors).toEqual([])
  }
  return ex.json as { code: string; detail: string; errors?: { pointer: string; message: string }[] }
}
