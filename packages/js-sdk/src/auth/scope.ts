import { InvalidParamsError, SCOPES, type Scope } from '@chainless/protocol'

/** What the auth functions take as `scope`: one scope, a list, or a space-separated string (OAuth's form). */
export type ScopeInput = Scope | readonly Scope[] | string

/**
 * @internal The distinct scopes of `input`, in order. Anything that is not a known scope, or no scope
 * at all, is a -32602 with the host's `data.issues` shape, before anything is sent.
 */
export function parseScope(input: unknown): Scope[] {
  const list = typeof input === 'string' ? input.split(' ').filter(Boolean) : input
  const scopes = Array.isArray(list) ? [...new Set<unknown>(list)] : []
  if (!scopes.length || !scopes.every((s) => SCOPES.includes(s as Scope))) {
    throw new InvalidParamsError('Invalid params', {
      issues: [{ path: 'scope', message: `Expected scopes among ${SCOPES.join(' ')}` }],
    })
  }
  return scopes as Scope[]
}
