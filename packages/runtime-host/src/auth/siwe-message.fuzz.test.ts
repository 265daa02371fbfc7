import { InvalidParamsError } from '@chainless/protocol'
import { fc, test } from '@fast-check/vitest'
import { ParsedMessage } from '@spruceid/siwe-parser'
import { expect } from 'vitest'
import { siweMessage } from './siwe-message.js'

const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

// Whatever the fields (an app's origin and name reach the message), the builder either refuses with
// InvalidParamsError or writes a message that parses back to exactly those fields: no field can smuggle
// another line (a second URI, a different nonce or chain) into what the user's key signs.
test.prop(
  {
    statement: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    domain: fc.oneof(fc.constant('demo.localhost:8090'), fc.string({ maxLength: 30 })),
    nonce: fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{8,20}$/), fc.string({ maxLength: 20 })),
    uri: fc.oneof(fc.constant('http://demo.localhost:8090/'), fc.string({ maxLength: 30 })),
    resources: fc.array(
      fc.oneof(fc.constant('urn:chainless:scope:user:basic'), fc.string({ maxLength: 20 })),
      {
        maxLength: 3,
      },
    ),
  },
  { numRuns: 300 },
)('builds only messages that parse back to the same fields', (f) => {
  let text: string
  try {
    text = siweMessage({
      ...f,
      ...(f.statement === undefined ? {} : { statement: f.statement }),
      address: ADDRESS,
      chainId: 31337,
      issuedAt: new Date('2026-01-02T03:04:05.000Z'),
    })
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidParamsError)
    return
  }
  let parsed: ParsedMessage
  try {
    parsed = new ParsedMessage(text)
  } catch {
    // The strict parser may refuse characters the builder let through (e.g. a non-ASCII statement):
    // the platform then refuses the message; what matters is that nothing parses to other fields.
    return
  }
  expect(parsed.domain).toBe(f.domain)
  expect(parsed.address).toBe(ADDRESS)
  expect(parsed.uri).toBe(f.uri)
  expect(parsed.nonce).toBe(f.nonce)
  expect(parsed.chainId).toBe(31337)
  expect(parsed.resources ?? []).toEqual(f.resources)
  if (f.statement !== undefined) expect(parsed.statement).toBe(f.statement)
})
