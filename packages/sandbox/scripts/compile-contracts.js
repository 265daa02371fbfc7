#!/usr/bin/env node
// Compiles packages/sandbox/contracts/*.sol with solc-js (pure JS/wasm, no compiler download) and writes
// src/chain/artifacts/<Name>.json (ABI + creation bytecode + compiler settings). The output is
// deterministic: pinned solc (devDependency, exact version), pinned @openzeppelin/contracts, fixed
// settings and source unit names relative to the package, so a rerun reproduces the committed files
// byte for byte (checked by src/chain/artifacts.test.ts).
//
// Usage: node scripts/compile-contracts.js [--check] [--out DIR]
//   --check  compile and compare with the committed artifacts; exit 1 when they differ.
//   --out    write to another directory (default src/chain/artifacts).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const solc = require('solc')

/** The solc version the artifacts are built with; `solc` is pinned to it in package.json. */
export const SOLC_VERSION = '0.8.37'
/** Ganache 7.9 runs up to Shanghai (no Cancun opcodes such as MCOPY / TSTORE). */
export const EVM_VERSION = 'shanghai'

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const contractsDir = join(pkgDir, 'contracts')

/** Compiler input, fixed so the output is reproducible. */
export function compilerInput() {
  const files = readdirSync(contractsDir)
    .filter((f) => f.endsWith('.sol'))
    .sort()
  const sources = Object.fromEntries(
    files.map((f) => [`contracts/${f}`, { content: readFileSync(join(contractsDir, f), 'utf8') }]),
  )
  return {
    language: 'Solidity',
    sources,
    settings: {
      evmVersion: EVM_VERSION,
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
}

function findImport(path) {
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') }
  } catch {
    return { error: `File not found: ${path}` }
  }
}

/**
 * Compiles every contract in contracts/ and returns the artifacts keyed by contract name.
 * @returns {Record<string, object>}
 */
export function compile() {
  const version = solc.version().split('+')[0]
  if (version !== SOLC_VERSION) {
    throw new Error(`solc ${SOLC_VERSION} expected, found ${version}: run npm ci`)
  }
  const ozVersion = JSON.parse(
    readFileSync(require.resolve('@openzeppelin/contracts/package.json'), 'utf8'),
  ).version
  const input = compilerInput()
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }))
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) {
    throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  }
  const artifacts = {}
  for (const sourceName of Object.keys(input.sources)) {
    for (const [contractName, out] of Object.entries(output.contracts[sourceName] ?? {})) {
      artifacts[contractName] = {
        contractName,
        sourceName,
        compiler: {
          solc: version,
          evmVersion: EVM_VERSION,
          optimizer: input.settings.optimizer,
          openzeppelin: ozVersion,
        },
        abi: out.abi,
        bytecode: `0x${out.evm.bytecode.object}`,
      }
    }
  }
  return artifacts
}

/** Serialises an artifact the way it is committed. */
export function serialise(artifact) {
  return `${JSON.stringify(artifact, null, 2)}\n`
}

function main() {
  const args = process.argv.slice(2)
  const check = args.includes('--check')
  const outIdx = args.indexOf('--out')
  const outDir = outIdx >= 0 ? resolve(args[outIdx + 1]) : join(pkgDir, 'src', 'chain', 'artifacts')
  const started = performance.now()
  const artifacts = compile()
  let stale = 0
  for (const [name, artifact] of Object.entries(artifacts)) {
    const file = join(outDir, `${name}.json`)
    const text = serialise(artifact)
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
        console.error(`stale: ${file}`)
        stale++
      }
    } else {
      mkdirSync(outDir, { recursive: true })
      writeFileSync(file, text)
      console.log(`wrote ${file}`)
    }
  }
  console.log(
    `compiled ${Object.keys(artifacts).length} contracts in ${Math.round(performance.now() - started)} ms`,
  )
  if (stale > 0) process.exit(1)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
