import type { IncomingMessage } from 'node:http'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { Store } from '../../store/index.js'
import { authenticateClient } from './client-auth.js'
import { OAuthError } from './errors.js'
import { parseForm } from './form.js'

describe('parseForm (untrusted bytes)', () => {
  it('reads the form, treats empty values as absent, refuses repeats and bad UTF-8', () => {
    expect(parseForm(Buffer.from('a=1&b=&c=x+y%21'))).toEqual({ a: '1', c: 'x y!' })
    expect(() => parseForm(Buffer.from('a=1&a=2'))).toThrow(OAuthError)
    expect(() => parseForm(Buffer.from([0x61, 0x3d, 0xff]))).toThrow(OAuthError)
  })

  test.prop([fc.uint8Array({ maxLength: 512 })], { numRuns: 300 })(
    'any bytes: an object of strings or an invalid_request OAuthError',
    (bytes) => {
      try {
        const form = parseForm(Buffer.from(bytes))
        for (const v of Object.values(form)) expect(typeof v).toBe('string')
      } catch (e) {
        expect(e).toBeInstanceOf(OAuthError)
        expect((e as OAuthError).error).toBe('invalid_request')
      }
    },
  )
})

describe('authenticateClient (untrusted Authorization header)', () => {
  // no app exists: every credential must fail as invalid_client / invalid_request, never throw otherwise
  const store = {
    now: () => 0,
    db: { prepare: () => ({ all: () => [], get: () => undefined }) },
    prepare: () => ({ all: () => [], get: () => undefined }),
  } as unknown as Store
  test.prop([fc.string({ maxLength: 200 }), fc.option(fc.string({ maxLength: 50 }), { nil: undefined })], {
    numRuns: 300,
  })('any header: a typed OAuth refusal', (header, clientId) => {
    const req = { headers: { authorization: header } } as unknown as IncomingMessage
    try {
      authenticateClient(store, req, clientId === undefined ? {} : { client_id: clientId }, {
        allowNone: true,
      })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(OAuthError)
      expect(['invalid_client', 'invalid_request']).toContain((e as OAuthError).error)
    }
  })
})
