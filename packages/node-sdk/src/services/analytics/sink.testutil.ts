// A local analytics endpoint on node:http for the tests and the benchmark's shape: it counts requests,
// keeps events by id (dropping duplicates, as the platform does) and fails on demand.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Sink {
  url: string
  /** Accepted events by id (first copy). */
  events: Map<string, { name: string; timestamp: number; userId?: string; properties?: unknown }>
  requests: number
  duplicates: number
  /** Largest request body seen, bytes, and most events in one request. */
  largestBody: number
  largestBatch: number
  /** Answer 503 before storing, for the next N requests. */
  failNext: number
  /** Store, then answer 503 (the answer is lost), for the next N requests. */
  failAfterNext: number
  /** Answer 400 for the next N requests. */
  rejectNext: number
  close(): Promise<void>
}

export async function startSink(): Promise<Sink> {
  const sink: Omit<Sink, 'url' | 'close'> = {
    events: new Map(),
    requests: 0,
    duplicates: 0,
    largestBody: 0,
    largestBatch: 0,
    failNext: 0,
    failAfterNext: 0,
    rejectNext: 0,
  }
  const problem = (status: number, code: string) =>
    JSON.stringify({ type: 'about:blank', title: code, status, code, requestId: `req_${sink.requests}` })
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      sink.requests++
      const body = Buffer.concat(chunks)
      sink.largestBody = Math.max(sink.largestBody, body.length)
      const answer = (status: number, json: string, type = 'application/problem+json') =>
        res.writeHead(status, { 'content-type': type }).end(json)
      if (req.method !== 'POST' || req.url !== '/api/v1/analytics/events')
        return answer(404, problem(404, 'not_found'))
      if (sink.rejectNext > 0) {
        sink.rejectNext--
        return answer(400, problem(400, 'invalid_body'))
      }
      if (sink.failNext > 0) {
        sink.failNext--
        return answer(503, problem(503, 'injected_failure'))
      }
      const { events } = JSON.parse(body.toString()) as {
        events: { id: string; name: string; timestamp: number }[]
      }
      if (body.length > 1024 * 1024 || events.length < 1 || events.length > 1000)
        return answer(413, problem(413, 'payload_too_large'))
      sink.largestBatch = Math.max(sink.largestBatch, events.length)
      let accepted = 0
      for (const e of events) {
        if (sink.events.has(e.id)) sink.duplicates++
        else {
          sink.events.set(e.id, e)
          accepted++
        }
      }
      if (sink.failAfterNext > 0) {
        sink.failAfterNext--
        return answer(503, problem(503, 'injected_failure'))
      }
      answer(202, JSON.stringify({ accepted, duplicates: events.length - accepted }), 'application/json')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return Object.assign(sink, {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}
