import { createRequire } from 'node:module'
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { ApiProblem, type ProblemFieldError } from './problem.js'

/** The parts of an OpenAPI 3.1 operation the sandbox reads. */
export interface OpenApiOperation {
  operationId: string
  'x-chainless-status'?: 'served' | 'planned'
  'x-chainless-sandbox-only'?: boolean
  security?: Record<string, string[]>[]
  parameters?: {
    $ref?: string
    name?: string
    in?: string
    required?: boolean
    schema?: unknown
    'x-chainless-problem-code'?: string
  }[]
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> }
  responses: Record<string, unknown>
}

/** The platform API's OpenAPI document (a subset of its type). */
export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, OpenApiOperation | unknown>>
  components: {
    schemas: Record<string, unknown>
    parameters: Record<string, { name: string; schema: unknown }>
  }
}

const require = createRequire(import.meta.url)

/** The OpenAPI 3.1 document of `@chainless/protocol/openapi.json` (the source of truth). */
export const openApiDocument: OpenApiDocument = require('@chainless/protocol/openapi.json')

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const

/** A route compiled from the document. */
export interface Route {
  method: string
  template: string
  operation: OpenApiOperation
  regex: RegExp
  paramNames: string[]
  /** Path, query and header parameters with their compiled schema validators. */
  params: {
    name: string
    in: 'path' | 'query' | 'header'
    required: boolean
    /** The problem code of a bad value (`x-chainless-problem-code`, default `invalid_parameter`). */
    problemCode: string
    /** Parameters arrive as strings; `integer` / `number` ones are converted before validation. */
    numeric: boolean
    validate: ValidateFunction
  }[]
  /** Validator of the JSON request body, if the operation has one. */
  validateBody: ValidateFunction | undefined
  /** The operation takes an `Idempotency-Key` header (effectful: POST/PUT/DELETE with an effect). */
  idempotent: boolean
}

let ajv: Ajv2020 | undefined
/** The shared Ajv (JSON Schema 2020-12, as OpenAPI 3.1) with the document loaded as `doc`. */
export function getAjv(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    ajv.addSchema(openApiDocument, 'doc')
  }
  return ajv
}

const pointerOf = (ref: string) => `doc${ref}`
const resolveRef = <T>(ref: string): T => {
  let node: unknown = openApiDocument
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part]
  return node as T
}

function compileSchema(schema: unknown): ValidateFunction {
  const a = getAjv()
  if (schema && typeof schema === 'object' && '$ref' in schema) {
    const fn = a.getSchema(pointerOf((schema as { $ref: string }).$ref))
    if (!fn) throw new Error(`unresolved ${(schema as { $ref: string }).$ref}`)
    return fn
  }
  // inline schemas of this document (parameters) are self-contained
  return a.compile(schema as object)
}

/** Compiles every operation of the document into a route, concrete paths before templated ones. */
export function compileRoutes(doc: OpenApiDocument = openApiDocument): Route[] {
  const routes: Route[] = []
  for (const [template, item] of Object.entries(doc.paths)) {
    const shared = ((item as { parameters?: OpenApiOperation['parameters'] }).parameters ??
      []) as NonNullable<OpenApiOperation['parameters']>
    for (const method of METHODS) {
      const operation = (item as Record<string, OpenApiOperation | undefined>)[method]
      if (!operation) continue
      const paramNames: string[] = []
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{([^}]+)\}$/.exec(part)
          if (m) {
            paramNames.push(m[1]!)
            return '([^/]+)'
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        })
        .join('')
      const params = [...shared, ...(operation.parameters ?? [])].map((p) => {
        const def = p.$ref
          ? resolveRef<{
              name: string
              in: string
              required?: boolean
              schema: unknown
              'x-chainless-problem-code'?: string
            }>(p.$ref)
          : p
        return {
          // header names are case-insensitive; Node gives them in lower case
          name: def.in === 'header' ? def.name!.toLowerCase() : def.name!,
          in: def.in as 'path' | 'query' | 'header',
          required: !!def.required,
          problemCode: def['x-chainless-problem-code'] ?? 'invalid_parameter',
          numeric: ['integer', 'number'].includes((def.schema as { type?: string }).type ?? ''),
          validate: compileSchema(def.schema),
        }
      })
      const bodySchema = operation.requestBody?.content['application/json']?.schema
      routes.push({
        method: method.toUpperCase(),
        template,
        operation,
        regex: new RegExp(`^${source}$`),
        paramNames,
        params,
        validateBody: bodySchema ? compileSchema(bodySchema) : undefined,
        idempotent: params.some((p) => p.in === 'header' && p.name === 'idempotency-key'),
      })
    }
  }
  return routes.sort((a, b) => a.paramNames.length - b.paramNames.length)
}

/** Ajv errors as problem field errors. */
export function fieldErrors(errors: ErrorObject[] | null | undefined, prefix = ''): ProblemFieldError[] {
  const out: ProblemFieldError[] = []
  // an unknown key of an enumerated set (knob targets): say which keys exist
  const allowed = new Map<string, unknown[]>()
  for (const e of errors ?? [])
    if (e.propertyName !== undefined && e.keyword === 'enum')
      allowed.set(e.propertyName, (e.params as { allowedValues: unknown[] }).allowedValues)
  for (const e of errors ?? []) {
    // errors inside `propertyNames` are reported once, as an unknown key
    if (e.propertyName !== undefined && e.keyword !== 'propertyNames') continue
    if (e.keyword === 'propertyNames') {
      const name = (e.params as { propertyName: string }).propertyName
      const valid = allowed.get(name)
      out.push({
        pointer: `${prefix}${e.instancePath}/${name}`,
        message: `unknown key: ${name}${valid ? ` (one of ${valid.join(', ')})` : ''}`,
      })
    } else if (e.keyword === 'additionalProperties') {
      const name = (e.params as { additionalProperty: string }).additionalProperty
      out.push({ pointer: `${prefix}${e.instancePath}/${name}`, message: `unknown field: ${name}` })
    } else out.push({ pointer: `${prefix}${e.instancePath}`, message: e.message ?? 'invalid' })
  }
  return out.slice(0, 20)
}

/**
 * Validates `value` against a schema of the document.
 * @throws {ApiProblem} 400 `invalid_body`
 */
export function assertValid(validate: ValidateFunction, value: unknown, code = 'invalid_body'): void {
  if (!validate(value))
    throw new ApiProblem(400, code, 'Request does not match the schema', {
      errors: fieldErrors(validate.errors),
    })
}
