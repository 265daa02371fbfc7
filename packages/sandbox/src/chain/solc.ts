import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { ChainlessError } from '@chainless/protocol'

/** Largest Solidity source the sandbox compiles: 256 KiB (UTF-8 bytes). */
export const MAX_SOURCE_BYTES = 256 * 1024

/** How long one compilation may take before the worker is stopped. */
export const COMPILE_TIMEOUT_MS = 60_000

/** One compiled contract of the file. */
export interface CompiledContract {
  name: string
  abi: unknown[]
  /** Creation bytecode, `0x` hex (empty for interfaces and abstract contracts). */
  bytecode: string
}

/** The source did not compile (or is not one self-contained file): `errors` are solc's messages. */
export class CompileError extends ChainlessError {
  override name = 'CompileError'
  readonly errors: readonly string[]
  constructor(message: string, errors: readonly string[]) {
    super(message, { docsPath: 'packages/sandbox#workbench-api' })
    this.errors = errors
  }
}

const IMPORT_REFUSED = 'CHAINLESS_IMPORT_REFUSED'
const NO_IMPORTS =
  'imports are not supported: the sandbox compiles one self-contained file (inline the imported code, or deploy a compiled artifact with abi and bytecode)'

/**
 * Finds an `import` directive outside comments and string literals, in one linear pass (a regex over
 * unterminated strings or comments backtracks quadratically on a hostile 256 KiB file). Answers the
 * line of the first one, or 0.
 *
 * @example
 * ```ts
 * findImport('pragma solidity ^0.8.0;\nimport "./A.sol";') // 2
 * ```
 */
export function findImport(source: string): number {
  let line = 1
  let i = 0
  const n = source.length
  const isWord = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_$]/.test(c)
  while (i < n) {
    const c = source[i]!
    if (c === '\n') line++
    if (c === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++
      continue
    }
    if (c === '/' && source[i + 1] === '*') {
      i += 2
      while (i < n && !(source[i] === '*' && source[i + 1] === '/')) {
        if (source[i] === '\n') line++
        i++
      }
      i += 2
      continue
    }
    if (c === '"' || c === "'") {
      i++
      while (i < n && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\' && source[i + 1] === '\n') line++
        i += source[i] === '\\' ? 2 : 1
      }
      // the closing quote; an unterminated string ends at its line's end, which is counted next
      if (source[i] === c) i++
      continue
    }
    if (c === 'i' && source.startsWith('import', i) && !isWord(source[i - 1]) && !isWord(source[i + 6]))
      return line
    i++
  }
  return 0
}

// The compiler runs in a worker (solc-js is ~9 MB of wasm; compiling blocks its thread for seconds),
// required there lazily, one compilation at a time.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const solc = require(workerData.solcPath)
parentPort.postMessage(solc.compile(workerData.input, { import: () => ({ error: '${IMPORT_REFUSED}' }) }))
`
let queue: Promise<unknown> = Promise.resolve()

function runSolc(input: string, timeoutMs: number): Promise<string> {
  const solcPath = createRequire(import.meta.url).resolve('solc')
  return new Promise<string>((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { solcPath, input } })
    const timer = setTimeout(() => {
      void worker.terminate()
      reject(new CompileError('Compilation timed out', [`solc took longer than ${timeoutMs} ms`]))
    }, timeoutMs)
    worker.once('message', (out: string) => {
      clearTimeout(timer)
      void worker.terminate()
      resolve(out)
    })
    worker.once('error', (e) => {
      clearTimeout(timer)
      reject(new CompileError('The compiler failed', [String((e as Error).message ?? e).slice(0, 500)]))
    })
  })
}

/**
 * Compiles one Solidity file with the sandbox's solc (EVM version `shanghai`, the local chain's rule
 * set; optimizer on) and answers its contracts.
 *
 * @throws {CompileError} over {@link MAX_SOURCE_BYTES}, an `import`, or compile errors (warnings pass).
 * @example
 * ```ts
 * const [counter] = await compileSolidity('pragma solidity ^0.8.20; contract Counter { uint public n; function inc() external { n++; } }')
 * ```
 */
export async function compileSolidity(
  source: string,
  options: { timeoutMs?: number } = {},
): Promise<CompiledContract[]> {
  if (Buffer.byteLength(source) > MAX_SOURCE_BYTES)
    throw new CompileError('Source too large', [`the source is over ${MAX_SOURCE_BYTES / 1024} KiB`])
  const line = findImport(source)
  if (line) throw new CompileError('Imports are not supported', [`Contract.sol:${line}: ${NO_IMPORTS}`])
  const input = JSON.stringify({
    language: 'Solidity',
    sources: { 'Contract.sol': { content: source } },
    settings: {
      evmVersion: 'shanghai',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  })
  const run = queue.then(() => runSolc(input, options.timeoutMs ?? COMPILE_TIMEOUT_MS))
  queue = run.catch(() => undefined)
  const output = JSON.parse(await run) as {
    errors?: { severity: string; formattedMessage?: string; message: string }[]
    contracts?: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
  }
  const errors = (output.errors ?? [])
    .filter((e) => e.severity === 'error')
    .map((e) =>
      e.message.includes(IMPORT_REFUSED)
        ? NO_IMPORTS
        : (e.formattedMessage ?? e.message).trim().slice(0, 2000),
    )
  if (errors.length) throw new CompileError('Compilation failed', [...new Set(errors)].slice(0, 20))
  return Object.entries(output.contracts?.['Contract.sol'] ?? {}).map(([name, c]) => ({
    name,
    abi: c.abi,
    bytecode: c.evm.bytecode.object ? `0x${c.evm.bytecode.object}` : '',
  }))
}
