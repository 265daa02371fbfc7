// The OpenAPI document and the valibot schemas describe the same shapes: this derives a comparable
// outline (types, required keys, property names, enums, patterns, bounds) from both and fails when
// they drift. (`@valibot/to-json-schema` is not a dependency; the outline is what both must agree on.)
import { readFileSync } from 'node:fs'
import type * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { APP_ID_PATTERN, BROWSER_PERMISSIONS } from './manifest.js'
import { manifestContractSchema, manifestSchema } from './schemas.js'
import { SCOPES } from './scopes.js'

type Json = { [key: string]: unknown }
const doc = JSON.parse(readFileSync(new URL('../openapi/platform-api.json', import.meta.url), 'utf8')) as Json

/** What both sides must agree on. */
interface Outline {
  type?: string
  format?: string
  pattern?: string[]
  maxLength?: number
  minimum?: number
  enum?: readonly unknown[]
  required?: string[]
  properties?: Record<string, Outline>
  items?: Outline
}

type Node = {
  kind?: string
  type?: string
  entries?: Record<string, Node>
  pipe?: readonly Node[]
  wrapped?: Node
  item?: Node
  options?: readonly unknown[]
  requirement?: unknown
}

/** The outline of a valibot schema, read from its public structure (`type`, `entries`, `pipe`, …). */
function fromValibot(schema: v.GenericSchema): Outline {
  let node = schema as unknown as Node
  while (node.type === 'optional' || node.type === 'nullish' || node.type === 'nullable') node = node.wrapped!
  const out: Outline = {}
  const pipe = node.pipe ?? [node]
  for (const item of pipe) {
    if (item.kind === 'schema' && item.pipe) {
      // A piped schema inside a pipe (e.g. the plain-object guard in front of an object schema).
      const inner = fromValibot(item as unknown as v.GenericSchema)
      Object.assign(out, inner, { pattern: [...(out.pattern ?? []), ...(inner.pattern ?? [])] })
      if (out.pattern?.length === 0) delete out.pattern
    } else if (item.kind === 'schema') {
      switch (item.type) {
        case 'custom':
          break
        case 'string':
        case 'boolean':
          out.type = item.type
          break
        case 'number':
          out.type ??= 'number'
          break
        case 'picklist':
          out.type = 'string'
          out.enum = item.options
          break
        case 'array':
          out.type = 'array'
          out.items = fromValibot(item.item as unknown as v.GenericSchema)
          break
        case 'object':
        case 'strict_object':
        case 'loose_object': {
          out.type = 'object'
          const entries = Object.entries(item.entries ?? {})
          out.required = entries
            .filter(([, e]) => !['optional', 'nullish', 'exact_optional'].includes(e.type!))
            .map(([k]) => k)
            .sort()
          out.properties = Object.fromEntries(
            entries.map(([k, e]) => [k, fromValibot(e as unknown as v.GenericSchema)]),
          )
          break
        }
        case 'unknown':
          break
        default:
          throw new Error(`outline: no rule for valibot schema ${item.type}`)
      }
    } else if (item.kind === 'validation') {
      if (item.type === 'regex') {
        out.pattern = [...(out.pattern ?? []), (item.requirement as RegExp).source.replaceAll('\\/', '/')]
      }
      if (item.type === 'max_length') out.maxLength = item.requirement as number
      if (item.type === 'min_value') out.minimum = item.requirement as number
      if (item.type === 'integer') out.type = 'integer'
      if (item.type === 'url') out.format = 'uri'
      if (item.type === 'iso_timestamp') out.format = 'date-time'
    }
  }
  return out
}

function resolve(node: Json): Json {
  let n = node
  while (typeof n.$ref === 'string') {
    n = n.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<Json>((at, part) => at[part] as Json, doc)
  }
  return n
}

/** The outline of an OpenAPI (JSON Schema 2020-12) schema, `$ref`s resolved. */
function fromOpenApi(node: Json): Outline {
  const n = resolve(node)
  const out: Outline = {}
  if (typeof n.type === 'string') out.type = n.type
  if (typeof n.format === 'string') out.format = n.format
  if (typeof n.pattern === 'string') out.pattern = [n.pattern]
  if (typeof n.maxLength === 'number') out.maxLength = n.maxLength
  if (typeof n.minimum === 'number') out.minimum = n.minimum
  if (Array.isArray(n.enum)) out.enum = n.enum
  if (n.type === 'array') out.items = n.items ? fromOpenApi(n.items as Json) : {}
  if (n.type === 'object') {
    out.required = [...((n.required as string[]) ?? [])].sort()
    out.properties = Object.fromEntries(
      Object.entries((n.properties as Record<string, Json>) ?? {}).map(([k, p]) => [k, fromOpenApi(p)]),
    )
  }
  return out
}

const component = (name: string) =>
  (doc.components as Json & { schemas: Record<string, Json> }).schemas[name]!

describe('openapi/platform-api.json agrees with the valibot schemas', () => {
  it('Manifest: same required keys, properties, enums, patterns and bounds', () => {
    expect(fromOpenApi(component('Manifest'))).toEqual(fromValibot(manifestSchema))
  })

  it('ManifestContract', () => {
    expect(fromOpenApi(component('ManifestContract'))).toEqual(fromValibot(manifestContractSchema))
  })

  it('AppId, Scope and BrowserPermission', () => {
    expect(component('AppId').pattern).toBe(APP_ID_PATTERN.source)
    expect(component('Scope').enum).toEqual([...SCOPES])
    expect(component('BrowserPermission').enum).toEqual([...BROWSER_PERMISSIONS])
  })

  it('the outline sees a drift (a required key, a pattern, an enum)', () => {
    const manifest = structuredClone(component('Manifest')) as Json & { required: string[]; properties: Json }
    const base = fromOpenApi(manifest)
    manifest.required = manifest.required.filter((k) => k !== 'entryUrl')
    expect(fromOpenApi(manifest)).not.toEqual(base)
    const patched = structuredClone(component('Manifest')) as Json & { properties: Record<string, Json> }
    patched.properties.status = { type: 'string', enum: ['listed'] }
    expect(fromOpenApi(patched)).not.toEqual(base)
  })
})
