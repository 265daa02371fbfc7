// The fuzzing mini-program: does the handshake by hand, then posts seeded random messages over its
// private port (checking every reply) and to window.parent. Driven by e2e/support/fuzz-run.js.
import { type FuzzItem, generate, portItem, windowItem } from '../support/fuzz-arbitraries.js'
import { checkReply, describe } from '../support/fuzz-oracle.js'

/** A property of issue 14 that did not hold for one message. */
export interface FuzzViolation {
  what: string
  /** Index of the message in its stream (port or window). */
  index: number
  message: string
  reply?: string
}

/** One run of batches `[from, from + batches)` of a stream. */
export interface ChunkOptions {
  seed: number
  from: number
  batches: number
  batchSize: number
}

/** What a chunk did. */
export interface ChunkResult {
  sent: number
  usable: number
  answered: number
  unsendable: number
  batchesRun: number
  /** The first few violations of each kind. */
  violations: FuzzViolation[]
  /** How many violations of each kind (`what` up to its first colon). */
  violationCounts: Record<string, number>
  ms: number
  /** Of `ms`, the time spent generating messages (the rest: posting them and waiting for replies). */
  generateMs: number
}

declare global {
  interface Window {
    fuzz: {
      connect(timeoutMs?: number): Promise<boolean>
      runPort(options: ChunkOptions): Promise<ChunkResult>
      runWindow(options: ChunkOptions): Promise<ChunkResult>
      stats(): { welcomes: number; refusals: number; disconnects: string[]; events: number; probes: number }
    }
    /** Set in the well-behaved app by e2e/support/fuzz-run.js: its pings during the fuzz. */
    fuzzPings: {
      stop(): { count: number; maxMs: number; slow: number; failures: string[]; slowAt: number[] }
    }
  }
}

const MAX_ID_LENGTH = 64
const REPLY_TIMEOUT_MS = 2000
const MAX_VIOLATIONS = 30
const MAX_PER_KIND = 3
/** The id of the window stream's pacing ping (the port stream's ids all start with a number). */
const PACE_ID = 'pace'

interface Sent {
  index: number
  item: FuzzItem
  replies: number
}

let port: MessagePort | undefined
let hostOrigin: string | undefined
let current = new Map<string, Sent>()
let previous = new Map<string, Sent>()
let outstanding = 0
let batchDone: (() => void) | undefined
let paced: (() => void) | undefined
let violations: FuzzViolation[] = []
const stats = { welcomes: 0, refusals: 0, disconnects: [] as string[], events: 0, probes: 0 }

let perKind = new Map<string, number>()
/** Keeps the first few violations of each kind, so that a frequent one cannot hide a rare one. */
const violate = (v: FuzzViolation) => {
  const kind = v.what.split(':')[0]!
  const seen = perKind.get(kind) ?? 0
  perKind.set(kind, seen + 1)
  if (seen < MAX_PER_KIND && violations.length < MAX_VIOLATIONS) violations.push(v)
}

// The liveness probe, both versions: over the window (the agreed one) and over the port (the old one).
addEventListener('message', (event) => {
  if (event.source !== parent) return
  const data = event.data as { type?: unknown; id?: unknown } | null
  if (data?.type === 'chainless:probe' && typeof data.id === 'string') {
    stats.probes++
    parent.postMessage({ type: 'chainless:probe-ack', id: data.id }, event.origin)
  } else if (data?.type === 'chainless:welcome' && event.ports[0]) {
    stats.welcomes++
    hostOrigin = event.origin
    adopt(event.ports[0])
  } else if (data?.type === 'chainless:refuse') {
    stats.refusals++
  }
})

function adopt(next: MessagePort): void {
  port?.close()
  port = next
  port.onmessage = (event) => onPortMessage(event.data)
}

function onPortMessage(data: unknown): void {
  const type = (data as { type?: unknown } | null)?.type
  if (typeof type === 'string' && type.startsWith('chainless:')) {
    const { id, reason } = data as { id?: unknown; reason?: unknown }
    if (type === 'chainless:probe') port?.postMessage({ type: 'chainless:probe-ack', id })
    else if (type === 'chainless:disconnect') stats.disconnects.push(String(reason))
    else stats.events++
    return
  }
  const id = (data as { id?: unknown } | null)?.id
  if (id === PACE_ID) {
    paced?.()
    return
  }
  const entry = typeof id === 'string' ? (current.get(id) ?? previous.get(id)) : undefined
  if (!entry) {
    violate({
      what: 'a reply to an id that was not sent usable',
      index: -1,
      message: '',
      reply: describe(data),
    })
    return
  }
  entry.replies++
  if (entry.replies === 2) {
    violate({
      what: 'answered more than once',
      index: entry.index,
      message: describe(entry.item.message),
      reply: describe(data, 4),
    })
  }
  const wrong = checkReply(data, entry.item.expect)
  if (wrong)
    violate({
      what: wrong,
      index: entry.index,
      message: describe(entry.item.message, 3),
      reply: describe(data, 4),
    })
  if (entry.replies === 1 && current.get(id as string) === entry && --outstanding === 0) batchDone?.()
}

/** The id the host can answer: a string of ≤ 64 UTF-16 units on a plain object. */
function usableId(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined
  const proto = Object.getPrototypeOf(message)
  if (proto !== Object.prototype && proto !== null) return undefined
  const id = Object.getOwnPropertyDescriptor(message, 'id')?.value
  return typeof id === 'string' && id.length <= MAX_ID_LENGTH ? id : undefined
}

/** Prefixes a string id with the message's index (unique), keeping it usable or unusable as it was. */
function numberId(message: unknown, index: number): void {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return
  const id = Object.getOwnPropertyDescriptor(message, 'id')?.value
  if (typeof id !== 'string') return
  const numbered = `${index.toString(36)}.${id}`
  const value = id.length <= MAX_ID_LENGTH ? numbered.slice(0, MAX_ID_LENGTH) : numbered
  Object.defineProperty(message, 'id', { value, enumerable: true, writable: true, configurable: true })
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

async function runChunk(
  stream: 'port' | 'window',
  { seed, from, batches, batchSize }: ChunkOptions,
): Promise<ChunkResult> {
  const started = performance.now()
  violations = []
  perKind = new Map()
  const result: ChunkResult = {
    sent: 0,
    usable: 0,
    answered: 0,
    unsendable: 0,
    batchesRun: 0,
    violations,
    violationCounts: {},
    ms: 0,
    generateMs: 0,
  }
  for (let batch = from; batch < from + batches; batch++) {
    const generating = performance.now()
    const items = generate(stream === 'port' ? portItem : windowItem, seed, batch, batchSize)
    result.generateMs += performance.now() - generating
    if (stream === 'port') await sendPortBatch(items, batch * batchSize, result)
    else await sendWindowBatch(items, result)
    result.batchesRun++
  }
  result.violationCounts = Object.fromEntries(perKind)
  result.ms = performance.now() - started
  return result
}

async function sendPortBatch(items: FuzzItem[], firstIndex: number, result: ChunkResult): Promise<void> {
  const target = port
  if (!target) {
    violate({ what: 'no port: the host disconnected the fuzzing app', index: firstIndex, message: '' })
    return
  }
  previous = current
  current = new Map()
  outstanding = 0
  const disconnectsBefore = stats.disconnects.length
  for (const [offset, item] of items.entries()) {
    const index = firstIndex + offset
    numberId(item.message, index)
    const id = usableId(item.message)
    try {
      target.postMessage(item.message, item.transfer)
    } catch {
      // Not structured-clonable (or too deep for the serializer): the host never sees it.
      result.unsendable++
      continue
    }
    result.sent++
    if (id !== undefined) {
      current.set(id, { index, item, replies: 0 })
      outstanding++
      result.usable++
    }
  }
  if (outstanding > 0) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, REPLY_TIMEOUT_MS)
      batchDone = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    batchDone = undefined
  } else {
    await pause(0)
  }
  for (const entry of current.values()) {
    if (entry.replies > 0) result.answered++
    else violate({ what: 'never answered', index: entry.index, message: describe(entry.item.message, 3) })
  }
  if (stats.disconnects.length > disconnectsBefore) {
    violate({ what: `disconnected: ${stats.disconnects.at(-1)}`, index: firstIndex, message: '' })
  }
}

async function sendWindowBatch(items: FuzzItem[], result: ChunkResult): Promise<void> {
  for (const item of items) {
    try {
      parent.postMessage(item.message, '*', item.transfer)
      result.sent++
    } catch {
      result.unsendable++
    }
  }
  // Pace by a round trip over the port (the host handles the window messages posted before it
  // first, as a rule); a look-alike hello may have replaced the port, so never wait long.
  if (!port) return pause(5)
  const target = port
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000)
    paced = () => {
      clearTimeout(timer)
      resolve()
    }
    target.postMessage({ id: PACE_ID, type: 'APPLY', path: ['ping'], argumentList: [] })
  })
  paced = undefined
}

window.fuzz = {
  /** Says hello (the way the js-sdk does) until a welcome arrives or `timeoutMs` passes. */
  async connect(timeoutMs = 10_000) {
    const deadline = performance.now() + timeoutMs
    const welcomesBefore = stats.welcomes
    while (performance.now() < deadline) {
      parent.postMessage({ type: 'chainless:hello', protocol: '1.0', sdkVersion: 'fuzz' }, hostOrigin ?? '*')
      // The host allows few hellos per second: wait for the welcome before saying it again.
      for (let i = 0; i < 22 && stats.welcomes === welcomesBefore; i++) await pause(50)
      if (stats.welcomes > welcomesBefore) return true
    }
    return false
  },
  runPort: (options) => runChunk('port', options),
  runWindow: (options) => runChunk('window', options),
  stats: () => ({ ...stats, disconnects: [...stats.disconnects] }),
}
document.documentElement.dataset.loaded = 'true'
