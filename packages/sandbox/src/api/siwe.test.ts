import { fc, test } from '@fast-check/vitest'
import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { SiweError, type SiweExpectations, verifySiwe } from './siwe.js'

const wallet = new Wallet('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const NOW = Date.parse('2026-03-01T12:00:00Z')
const NONCE = 'a1b2c3d4e5f6a7b8'
const expected: SiweExpectations = {
  domain: 'localhost:8081',
  uri: 'http://localhost:8081',
  uriMatch: 'origin',
  chainId: 49569,
}

const fields = (over: Partial<Record<string, string>> = {}) => ({
  domain: 'localhost:8081',
  address: wallet.address,
  statement: 'Sign in to Chainless',
  uri: 'http://localhost:8081',
  chainId: '49569',
  nonce: NONCE,
  issuedAt: '2026-03-01T12:00:00Z',
  ...over,
})

/** The exact EIP-4361 text (§ "Message Format"). */
function text(f: ReturnType<typeof fields>, extra: string[] = []): string {
  return [
    `${f.domain} wants you to sign in with your Ethereum account:`,
    f.address,
    '',
    f.statement,
    '',
    `URI: ${f.uri}`,
    'Version: 1',
    `Chain ID: ${f.chainId}`,
    `Nonce: ${f.nonce}`,
    `Issued At: ${f.issuedAt}`,
    ...extra,
  ].join('\n')
}

const verify = (
  message: string,
  signature: string,
  over: Partial<SiweExpectations> = {},
  nonces = [NONCE],
) => {
  const live = new Set(nonces)
  return verifySiwe({
    message,
    signature,
    expected: { ...expected, ...over },
    now: NOW,
    consumeNonce: (n) => live.delete(n),
  })
}
const reason = (fn: () => unknown): string => {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(SiweError)
    return (e as SiweError).reason
  }
  return 'accepted'
}
const signed = (message: string) => wallet.signMessageSync(message)

describe('verifySiwe', () => {
  it('accepts a good message and returns it parsed', () => {
    const m = text(fields())
    expect(verify(m, signed(m)).address).toBe(wallet.address)
  })

  it.each([
    ['domain', fields({ domain: 'evil.localhost:8081' }), 'domain'],
    ['uri on another origin', fields({ uri: 'http://evil.localhost:8081' }), 'uri'],
    ['chain', fields({ chainId: '1' }), 'chain_id'],
    ['issued 6 min ago', fields({ issuedAt: '2026-03-01T11:54:00Z' }), 'issued_at'],
    ['issued 6 min ahead', fields({ issuedAt: '2026-03-01T12:06:00Z' }), 'issued_at'],
    ['unknown nonce', fields({ nonce: 'ffffffffffffffff' }), 'nonce'],
    ['lower-case address', fields({ address: wallet.address.toLowerCase() }), 'malformed'],
    ['short nonce', fields({ nonce: 'abc123' }), 'malformed'],
    ['impossible date', fields({ issuedAt: '2026-02-30T12:00:00Z' }), 'malformed'],
  ])('refuses: %s', (_, f, why) => {
    const m = text(f)
    expect(reason(() => verify(m, signed(m)))).toBe(why)
  })

  it('refuses an expired, a not-yet-valid and resources other than asked', () => {
    const expired = text(fields(), ['Expiration Time: 2026-03-01T11:59:59Z'])
    expect(reason(() => verify(expired, signed(expired)))).toBe('expired')
    const early = text(fields(), ['Not Before: 2026-03-01T12:01:00Z'])
    expect(reason(() => verify(early, signed(early)))).toBe('not_yet_valid')
    const res = text(fields(), ['Resources:', '- urn:chainless:scope:user:basic'])
    expect(verify(res, signed(res), { resources: ['urn:chainless:scope:user:basic'] }).nonce).toBe(NONCE)
    expect(reason(() => verify(res, signed(res), { resources: [] }))).toBe('resources')
    expect(
      reason(() =>
        verify(res, signed(res), {
          resources: ['urn:chainless:scope:user:basic', 'urn:chainless:scope:user:phone'],
        }),
      ),
    ).toBe('resources')
  })

  it('refuses a forged signature, another account and a replayed nonce', () => {
    const m = text(fields())
    const other = Wallet.createRandom()
    expect(reason(() => verify(m, other.signMessageSync(m)))).toBe('signature')
    expect(reason(() => verify(m, '0x1234'))).toBe('signature')
    expect(reason(() => verify(m, signed(m), { address: other.address }))).toBe('address')
    const live = new Set([NONCE])
    const once = () =>
      verifySiwe({
        message: m,
        signature: signed(m),
        expected,
        now: NOW,
        consumeNonce: (n) => live.delete(n),
      })
    expect(once().nonce).toBe(NONCE)
    expect(reason(once)).toBe('nonce')
  })

  it('does not burn the nonce on a bad signature', () => {
    const m = text(fields())
    const live = new Set([NONCE])
    const run = (sig: string) =>
      verifySiwe({ message: m, signature: sig, expected, now: NOW, consumeNonce: (n) => live.delete(n) })
    expect(reason(() => run(Wallet.createRandom().signMessageSync(m)))).toBe('signature')
    expect(run(signed(m)).nonce).toBe(NONCE)
  })

  it('matches the uri exactly when asked to', () => {
    const m = text(fields({ uri: 'http://localhost:8081/cb' }))
    const uri = 'http://localhost:8081/cb'
    expect(verify(m, signed(m), { uri, uriMatch: 'exact' }).uri).toBe(uri)
    expect(reason(() => verify(m, signed(m), { uri: `${uri}x`, uriMatch: 'exact' }))).toBe('uri')
  })
})

// Mutations of a valid message: each must be refused with a SiweError (never accepted, never another throw).
const good = text(fields())
const lines = good.split('\n')
const mutations: Array<fc.Arbitrary<string>> = [
  // two field lines swapped
  fc
    .tuple(fc.integer({ min: 5, max: 9 }), fc.integer({ min: 5, max: 9 }))
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => {
      const l = [...lines]
      ;[l[a], l[b]] = [l[b]!, l[a]!]
      return l.join('\n')
    }),
  // an extra space somewhere in a line
  fc.tuple(fc.constantFrom(0, 1, 5, 6, 7, 8, 9), fc.nat()).map(([i, at]) => {
    // (line 3, the statement, is free text: a space there is legitimate)
    const l = [...lines]
    const s = l[i]!
    const p = at % (s.length + 1)
    l[i] = `${s.slice(0, p)} ${s.slice(p)}`
    return l.join('\n')
  }),
  // an impossible or malformed date
  fc
    .tuple(
      fc.integer({ min: 2000, max: 2099 }),
      fc.constantFrom('02-30', '02-31', '04-31', '13-01', '00-10', '06-00'),
    )
    .map(([y, md]) => text(fields({ issuedAt: `${y}-${md}T12:00:00Z` }))),
  // a short or non-alphanumeric nonce
  fc
    .string({ minLength: 0, maxLength: 7, unit: fc.constantFrom(...'abcdef0123456789') })
    .map((n) => text(fields({ nonce: n }))),
  fc.constantFrom('abcd-efgh-1234', 'abcdefgh!', 'ab cdefghij').map((n) => text(fields({ nonce: n }))),
  // the address with case changed somewhere
  fc
    .constantFrom(...[...wallet.address].flatMap((c, k) => (k > 1 && /[a-fA-F]/.test(c) ? [k] : [])))
    .map((k) => {
      const a = wallet.address
      const c = a[k]!
      const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()
      return text(fields({ address: a.slice(0, k) + flipped + a.slice(k + 1) }))
    }),
]

test.prop([fc.oneof(...mutations)], { numRuns: 150 })(
  'mutated messages are refused with a SiweError',
  (m) => {
    fc.pre(m !== good)
    // Signed by the right key: only the text's defects may refuse it.
    const r = reason(() => verify(m, signed(m)))
    expect(r).not.toBe('accepted')
  },
)

test.prop([fc.string({ maxLength: 400 }), fc.string({ maxLength: 140 })], { numRuns: 60 })(
  'arbitrary input throws only SiweError',
  (m, sig) => {
    expect(reason(() => verify(m, sig))).not.toBe('accepted')
  },
)

// Splices may land in the free-text statement (then the message is still valid): accepted or SiweError.
const spliced = fc.tuple(fc.nat(), fc.string({ minLength: 1, maxLength: 5 })).map(([at, s]) => {
  const p = at % good.length
  return good.slice(0, p) + s + good.slice(p)
})
test.prop([spliced], { numRuns: 100 })('spliced messages throw nothing but SiweError', (m) => {
  reason(() => verify(m, signed(m)))
})
