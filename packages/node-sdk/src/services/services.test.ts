import { readFileSync } from 'node:fs'
import { fc, test } from '@fast-check/vitest'
import { Interface } from 'ethers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PlatformError, PlatformInputError } from '../errors.js'
import { createPlatformClient } from '../platform/create-client.js'
import { fuzzParameters } from '../platform/fuzz.testutil.js'
import { type PlatformServer, problem, startPlatformServer } from '../platform/platform-server.testutil.js'
import { CRC20_ABI, CRC721_ABI, CRC1155_ABI } from './contracts/abis.js'

const KEY = 'ck_services'
let server: PlatformServer
beforeEach(async () => {
  server = await startPlatformServer([KEY])
})
afterEach(() => server.close())

const client = () =>
  createPlatformClient({ appId: 'my-app', appKey: KEY, baseUrl: server.url, sleep: async () => undefined })

describe('messages', () => {
  it('posts the message with an Idempotency-Key', async () => {
    server.script({ status: 201, json: { id: 'msg_1', createdAt: '2026-01-01T00:00:00Z' } })
    const sent = await client().messages.send(
      { userId: '0xab', title: 'T', body: 'B' },
      { idempotencyKey: 'job-1' },
    )
    expect(sent.id).toBe('msg_1')
    const [req] = server.requests
    expect(req?.method).toBe('POST')
    expect(req?.url).toBe('/api/v1/messages')
    expect(req?.headers['idempotency-key']).toBe('job-1')
    expect(JSON.parse(req?.body ?? '')).toEqual({ userId: '0xab', title: 'T', body: 'B' })
  })
})

describe('storage', () => {
  it('app and user spaces: set, get, delete, keys', async () => {
    const c = client()
    server.script(
      { status: 200, json: { key: 'k', updatedAt: 'now' } },
      { status: 200, json: { key: 'k', value: { a: [1, null] }, updatedAt: 'now' } },
      { status: 204 },
      { status: 200, json: { keys: ['a', 'b'] } },
      { status: 200, json: { key: 'k', value: null, updatedAt: 'now' } },
    )
    await c.storage.app.set('k', { a: [1, null] })
    expect(await c.storage.app.get('k')).toEqual({ a: [1, null] })
    await c.storage.app.delete('k')
    expect(await c.storage.user('0xAB/cd').keys({ prefix: 'a&b' })).toEqual(['a', 'b'])
    expect(await c.storage.app.get('k')).toBeNull()
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /api/v1/storage/k',
      'GET /api/v1/storage/k',
      'DELETE /api/v1/storage/k',
      'GET /api/v1/users/0xAB%2Fcd/storage?prefix=a%26b',
      'GET /api/v1/storage/k',
    ])
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ value: { a: [1, null] } })
    expect(server.requests[0]?.headers['idempotency-key']).toBeDefined()
    expect(server.requests[2]?.headers['idempotency-key']).toBeDefined()
  })

  it('404 not_found is undefined; other 404s and 413 are typed errors', async () => {
    server.script(problem(404, 'not_found'), problem(404, 'unknown_user'), problem(413, 'payload_too_large'))
    const c = client()
    expect(await c.storage.app.get('missing')).toBeUndefined()
    await expect(c.storage.user('0x1').get('k')).rejects.toMatchObject({ status: 404, code: 'unknown_user' })
    const error = await c.storage.app.set('big', 'x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PlatformError)
    expect(error).toMatchObject({ status: 413, code: 'payload_too_large' })
  })

  it('refuses keys no URL can carry, and undefined values, before sending', async () => {
    const c = client()
    for (const key of ['', '.', '..', '\uD800'])
      await expect(c.storage.app.get(key)).rejects.toBeInstanceOf(PlatformInputError)
    await expect(c.storage.app.set('k', undefined as never)).rejects.toBeInstanceOf(PlatformInputError)
    expect(() => c.storage.user('')).toThrow(PlatformInputError)
    expect(server.requests).toHaveLength(0)
  })

  // Any well-formed key arrives as one path segment that decodes back to it, under a valid signature.
  test.prop(
    [
      fc
        .string({
          unit: fc.oneof(
            fc.constantFrom(
              '/',
              '?',
              '#',
              '%',
              ' ',
              '.',
              '+',
              '&',
              '=',
              ';',
              '\\',
              '\n',
              '\u0000',
              '%2e',
              '..',
              '😀',
              'é',
            ),
            fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
          ),
          minLength: 1,
          maxLength: 40,
        })
        .filter((k) => k !== '.' && k !== '..'),
    ],
    fuzzParameters(60),
  )('odd keys survive the trip', async (key) => {
    server.requests.length = 0
    server.script({ status: 200, json: { key, value: 1, updatedAt: 'now' } })
    await client().storage.app.get(key)
    const [req] = server.requests
    const prefix = '/api/v1/storage/'
    expect(req?.url.startsWith(prefix)).toBe(true)
    const seg = req?.url.slice(prefix.length) ?? ''
    expect(seg).not.toMatch(/[/?#]/)
    expect(decodeURIComponent(seg)).toBe(key)
    expect(req?.signedWith).toBe(0)
  })
})

describe('tx', () => {
  it('broadcast posts the raw transaction; status reads by hash', async () => {
    const hash = `0x${'ab'.repeat(32)}`
    server.script(
      { status: 202, json: { hash, chainId: 49569 } },
      { status: 200, json: { hash, status: 'pending' } },
    )
    const c = client()
    expect(await c.tx.broadcast('0x02f8')).toEqual({ hash, chainId: 49569 })
    expect(await c.tx.status(hash.toUpperCase().replace('0X', '0x'))).toEqual({ hash, status: 'pending' })
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/tx/broadcast',
      `GET /api/v1/tx/${hash}`,
    ])
  })

  it('refuses malformed input', async () => {
    const c = client()
    await expect(c.tx.broadcast('0x1')).rejects.toBeInstanceOf(PlatformInputError)
    await expect(c.tx.status('0x12')).rejects.toBeInstanceOf(PlatformInputError)
    await expect(c.tx.status(`0x${'a'.repeat(64)}/../x`)).rejects.toBeInstanceOf(PlatformInputError)
    expect(server.requests).toHaveLength(0)
  })
})

describe('contracts', () => {
  const artifact = (name: string) =>
    new Interface(
      JSON.parse(
        readFileSync(new URL(`../../../sandbox/src/chain/artifacts/${name}.json`, import.meta.url), 'utf8'),
      ).abi,
    )

  it.each([
    ['CRC20', CRC20_ABI],
    ['CRC721', CRC721_ABI],
    ['CRC1155', CRC1155_ABI],
  ] as const)('%s ABI matches what the sandbox deploys', (name, abi) => {
    const deployed = artifact(name)
    const ours = new Interface(abi)
    ours.forEachFunction((f) => {
      const d = deployed.getFunction(f.selector)
      expect(d?.format('minimal'), f.format('minimal')).toBe(f.format('minimal'))
    })
    ours.forEachEvent((e) => {
      expect(deployed.getEvent(e.topicHash)?.format('minimal')).toBe(e.format('minimal'))
    })
  })

  it('reads go through the RPC proxy of the chain; writes need a signer', async () => {
    const c = client()
    server.fallback = (req, res) => {
      const body = JSON.parse(req.body) as { id: number } | { id: number }[]
      const one = (r: { id: number }) => ({ jsonrpc: '2.0', id: r.id, result: `0x${'0'.repeat(63)}7` })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(Array.isArray(body) ? body.map(one) : one(body)))
    }
    const token = c.contracts.crc20('0x5FbDB2315678afecb367f032d93F642f64180aa3')
    expect(await token.balanceOf('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')).toBe(7n)
    expect(server.requests.map((r) => r.url)).toEqual(['/api/v1/rpc/49569'])
    expect(
      JSON.parse(server.requests[0]?.body ?? '').method ??
        JSON.parse(server.requests[0]?.body ?? '')[0].method,
    ).toBe('eth_call')
    await expect(token.transfer('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', 1n)).rejects.toBeInstanceOf(
      PlatformInputError,
    )
    expect(server.requests).toHaveLength(1)
    expect(c.contracts.provider(1).provider).toBeDefined()
    c.close()
  })
})
