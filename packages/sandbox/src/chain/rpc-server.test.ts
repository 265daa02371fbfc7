import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RequestProvider } from './deploy.js'
import { ChainError } from './errors.js'
import { MAX_RPC_BODY_BYTES, type RpcServer, startRpcServer } from './rpc-server.js'

// A tiny provider: echoes params, counts calls, fails like Ganache does.
const calls: string[] = []
const provider: RequestProvider = {
  async request({ method, params }) {
    calls.push(method)
    if (method === 'echo') return params
    if (method === 'revert')
      throw Object.assign(new Error('execution reverted'), { code: -32000, data: '0xdeadbeef' })
    if (method === 'void') return undefined
    throw new Error(`The method ${method} does not exist/is not available`)
  },
}

let server: RpcServer
let url: string

beforeAll(async () => {
  server = await startRpcServer(provider, { port: 0, host: '127.0.0.1' })
  url = `http://127.0.0.1:${server.port}`
})
afterAll(() => server.close())

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })

describe('startRpcServer', () => {
  it('answers a JSON-RPC 2.0 request', async () => {
    const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'echo', params: [1, 'a'] }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 7, result: [1, 'a'] })
  })

  it('maps undefined results to null and keeps error code and data', async () => {
    const res = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'void' },
        { jsonrpc: '2.0', id: 2, method: 'revert', params: [] },
        { jsonrpc: '2.0', id: 3, method: 'eth_nope', params: [] },
      ]),
    )
    expect(await res.json()).toEqual([
      { jsonrpc: '2.0', id: 1, result: null },
      { jsonrpc: '2.0', id: 2, error: { code: -32000, message: 'execution reverted', data: '0xdeadbeef' } },
      {
        jsonrpc: '2.0',
        id: 3,
        error: { code: -32601, message: 'The method eth_nope does not exist/is not available' },
      },
    ])
  })

  it('runs batch items in order', async () => {
    calls.length = 0
    const batch = ['echo', 'void', 'echo'].map((method, id) => ({ jsonrpc: '2.0', id, method, params: [] }))
    await post(JSON.stringify(batch))
    expect(calls).toEqual(['echo', 'void', 'echo'])
  })

  it('rejects bad JSON, invalid requests and empty batches (JSON-RPC 2.0 §5.1)', async () => {
    expect(await (await post('{nope')).json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    })
    const invalid = { code: -32600, message: 'Invalid Request' }
    expect(await (await post('[]')).json()).toEqual({ jsonrpc: '2.0', id: null, error: invalid })
    expect(await (await post(JSON.stringify({ id: 4, method: 'echo' }))).json()).toEqual({
      jsonrpc: '2.0',
      id: 4,
      error: invalid,
    })
    expect(await (await post(JSON.stringify([1, { jsonrpc: '2.0', id: 5, method: 5 }]))).json()).toEqual([
      { jsonrpc: '2.0', id: null, error: invalid },
      { jsonrpc: '2.0', id: 5, error: invalid },
    ])
  })

  it('does not answer notifications', async () => {
    calls.length = 0
    const res = await post(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params: [] }))
    expect(res.status).toBe(204)
    expect(calls).toEqual(['echo'])
  })

  it('refuses browser pages (any Origin, preflights too: 403, no CORS) and other HTTP methods', async () => {
    calls.length = 0
    const pre = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'http://wallet.localhost:8080', 'access-control-request-headers': 'content-type' },
    })
    expect(pre.status).toBe(403)
    expect(pre.headers.get('access-control-allow-origin')).toBeNull()
    for (const origin of ['http://a.localhost', 'null', '']) {
      const res = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo' }), { origin })
      expect(res.status, origin).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
    }
    expect(calls).toEqual([])
    const get = await fetch(url)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
  })

  it('answers 413 to an oversized body', async () => {
    const res = await post(`"${'x'.repeat(MAX_RPC_BODY_BYTES)}"`)
    expect(res.status).toBe(413)
  })

  it('throws ChainError EADDRINUSE for a taken port', async () => {
    const error = await startRpcServer(provider, { port: server.port, host: '127.0.0.1' }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ChainError)
    expect(error).toMatchObject({ code: 'EADDRINUSE', data: { port: server.port, host: '127.0.0.1' } })
  })

  it('close() frees the port even with a keep-alive connection open', async () => {
    const other = await startRpcServer(provider, { port: 0, host: '127.0.0.1' })
    await fetch(`http://127.0.0.1:${other.port}`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'echo' }),
    })
    await other.close()
    const again = await startRpcServer(provider, { port: other.port, host: '127.0.0.1' })
    expect(again.port).toBe(other.port)
    await again.close()
  })
})
