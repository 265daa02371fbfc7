import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebhookVerificationError } from '../errors.js'
import { webhooks } from './index.js'

const APP_KEY = 'adapter-app-key'
const PATH = '/hooks/chainless?tenant=a%20b'
const body = (id: string) =>
  JSON.stringify({
    id,
    type: 'transaction.confirmed',
    createdAt: new Date().toISOString(),
    appId: 'shop',
    data: { hash: `0x${'ab'.repeat(32)}`, status: 'confirmed', blockNumber: 7, chainId: 31337 },
  })

describe('webhooks.fromNodeRequest over real HTTP', () => {
  let server: Server
  let base: string
  const received: string[] = []
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      try {
        const event = await webhooks.verify(await webhooks.fromNodeRequest(req, { maxBodyBytes: 4_096 }), {
          appKey: APP_KEY,
        })
        received.push(event.id)
        res.writeHead(204).end()
      } catch (e) {
        const reason = e instanceof WebhookVerificationError ? e.reason : 'error'
        res.writeHead(e instanceof WebhookVerificationError ? 400 : 500, { connection: 'close' }).end(reason)
      }
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('accepts a delivery once, refuses its replay and a body changed in transit', async () => {
    const text = body('evt_node_1')
    const headers = {
      ...webhooks.sign({ appKey: APP_KEY, path: PATH, body: text }),
      'content-type': 'application/json',
    }
    const first = await fetch(base + PATH, { method: 'POST', headers, body: text })
    expect(first.status).toBe(204)
    const replay = await fetch(base + PATH, { method: 'POST', headers, body: text })
    expect([replay.status, await replay.text()]).toEqual([400, 'replayed'])
    const fresh = {
      ...webhooks.sign({ appKey: APP_KEY, path: PATH, body: text }),
      'content-type': 'application/json',
    }
    const tampered = await fetch(base + PATH, {
      method: 'POST',
      headers: fresh,
      body: text.replace('7', '8'),
    })
    expect([tampered.status, await tampered.text()]).toEqual([400, 'bad_signature'])
    expect(received).toEqual(['evt_node_1'])
  })

  it('refuses an oversized body by Content-Length and while streaming (chunked)', async () => {
    const big = 'x'.repeat(10_000)
    const headers = webhooks.sign({ appKey: APP_KEY, path: PATH, body: big })
    const declared = await fetch(base + PATH, { method: 'POST', headers, body: big })
    expect([declared.status, await declared.text()]).toEqual([400, 'malformed'])
    // No Content-Length: the bound applies while reading.
    const streamed = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${base}${PATH}`, { method: 'POST', headers }, (res) => {
        let text = ''
        res.on('data', (c) => {
          text += c
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      })
      req.on('error', reject)
      for (let i = 0; i < 10; i++) req.write('y'.repeat(1_000))
      req.end()
    })
    expect(streamed).toEqual({ status: 400, text: 'malformed' })
  })
})

describe('webhooks.fromFetchRequest', () => {
  it('reads a Fetch Request (Hono, Next, Bun) and verifies it', async () => {
    const text = body('evt_fetch_1')
    const headers = webhooks.sign({ appKey: APP_KEY, path: PATH, body: text })
    const request = new Request(`https://shop.example${PATH}`, { method: 'POST', headers, body: text })
    const event = await webhooks.verify(await webhooks.fromFetchRequest(request), { appKey: APP_KEY })
    expect(event).toMatchObject({
      id: 'evt_fetch_1',
      type: 'transaction.confirmed',
      data: { blockNumber: 7 },
    })
  })

  it('cancels a body stream beyond the bound', async () => {
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(1_024))
      },
    })
    const request = new Request('https://shop.example/hooks', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit)
    await expect(webhooks.fromFetchRequest(request, { maxBodyBytes: 8_192 })).rejects.toMatchObject({
      reason: 'malformed',
    })
    expect(pulled).toBeLessThan(20)
  })

  it('reads a request without a body as empty', async () => {
    const read = await webhooks.fromFetchRequest(
      new Request('https://shop.example/hooks?x=1', { method: 'POST' }),
    )
    expect(read.rawBody).toHaveLength(0)
    expect(read.url).toBe('https://shop.example/hooks?x=1')
  })
})
