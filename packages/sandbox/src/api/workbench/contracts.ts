import { getAddress, type InterfaceAbi, keccak256 } from 'ethers'
import { CompileError, compileSolidity, MAX_SOURCE_BYTES } from '../../chain/solc.js'
import { listDeployedContracts, recordDeployedContract } from '../../store/deployed-contracts.js'
import type { Store } from '../../store/index.js'
import { ApiProblem } from '../problem.js'
import { hex, parseAbi, type SandboxChain, STANDARD_CONTRACTS } from './sandbox-chain.js'

/** The document's `SandboxContract`. */
export interface SandboxContractInfo {
  name: string
  address: string
  abi: unknown[]
  kind: 'standard' | 'deployed'
  txHash?: string
  deployedAt?: number
}

/** The document's `DeployRequest`. */
export type DeployRequest =
  | { name?: string; abi: unknown[]; bytecode: string; args?: unknown[] }
  | { source: string; contract?: string; args?: unknown[] }

/**
 * The standard contracts, then the deployed ones the chain still holds (same runtime code at the
 * address: the chain starts fresh on every sandbox start, the store does not).
 * @example
 * ```ts
 * const contracts = await listContracts(chain, store)
 * ```
 */
export async function listContracts(chain: SandboxChain, store: Store): Promise<SandboxContractInfo[]> {
  const standard = STANDARD_CONTRACTS.map((c) => ({
    name: c.name,
    address: c.address,
    abi: c.abi as unknown[],
    kind: 'standard' as const,
  }))
  const deployed: SandboxContractInfo[] = []
  for (const c of listDeployedContracts(store, chain.chainId)) {
    const code = await chain.rpc('eth_getCode', [c.address, 'latest'])
    // an address without code (a fresh chain) or with other code is not this deployment
    if (typeof code !== 'string' || code === '0x' || keccak256(hex(code, 'eth_getCode')) !== c.codeHash)
      continue
    deployed.push({
      name: c.name,
      address: c.address,
      abi: c.abi,
      kind: 'deployed',
      txHash: c.txHash,
      deployedAt: c.deployedAt,
    })
  }
  return [...standard, ...deployed]
}

/** The ABIs of every contract the sandbox knows (for decoding custom errors). */
export function knownAbis(chain: SandboxChain, store: Store): InterfaceAbi[] {
  return [
    ...STANDARD_CONTRACTS.map((c) => c.abi),
    ...listDeployedContracts(store, chain.chainId).map((c) => c.abi as InterfaceAbi),
  ]
}

/**
 * Deploys a compiled artifact or one Solidity file (compiled here) from test account 0 and records it.
 * @throws {ApiProblem} 400 `compile_failed` (`errors`), `invalid_abi`, `invalid_args`, `deploy_reverted` (`reason`)
 * @example
 * ```ts
 * const counter = await deployContract(chain, store, { source: 'pragma solidity ^0.8.20; contract C { }' })
 * ```
 */
export async function deployContract(
  chain: SandboxChain,
  store: Store,
  body: DeployRequest,
  now: () => number,
): Promise<SandboxContractInfo> {
  let name: string
  let abi: unknown[]
  let bytecode: string
  if ('source' in body) {
    if (Buffer.byteLength(body.source) > MAX_SOURCE_BYTES)
      throw new ApiProblem(413, 'payload_too_large', `The source is over ${MAX_SOURCE_BYTES / 1024} KiB`)
    let compiled: Awaited<ReturnType<typeof compileSolidity>>
    try {
      compiled = await compileSolidity(body.source)
    } catch (e) {
      if (e instanceof CompileError) throw compileFailed(e.shortMessage, e.errors)
      throw e
    }
    const deployable = compiled.filter((c) => c.bytecode)
    const chosen = body.contract
      ? compiled.find((c) => c.name === body.contract)
      : deployable.length === 1
        ? deployable[0]
        : undefined
    if (!chosen?.bytecode) {
      const names = deployable.map((c) => c.name).join(', ') || 'none'
      throw compileFailed(
        body.contract ? `No deployable contract ${body.contract}` : 'Name the contract to deploy',
        [
          body.contract
            ? `no deployable contract "${body.contract}" in the file (deployable: ${names})`
            : `the file has ${deployable.length} deployable contracts (${names}): name one with "contract"`,
        ],
      )
    }
    ;({ name, abi, bytecode } = chosen)
  } else {
    name = body.name ?? 'Contract'
    abi = body.abi
    bytecode = body.bytecode
  }
  const iface = parseAbi(abi, '/abi')
  let data: string
  try {
    data = bytecode + iface.encodeDeploy(body.args ?? []).slice(2)
  } catch (e) {
    const message = (e as Error).message.split('\n')[0]!.slice(0, 300)
    throw new ApiProblem(400, 'invalid_args', `Constructor arguments do not match the ABI: ${message}`, {
      errors: [{ pointer: '/args', message }],
    })
  }
  const { hash, receipt } = await chain.exclusive(() =>
    chain.send({ to: null, data }, 'deploy_reverted', [abi as InterfaceAbi, ...knownAbis(chain, store)]),
  )
  if (!receipt.contractAddress)
    throw new ApiProblem(502, 'chain_unavailable', 'No contract address in the receipt')
  const address = getAddress(receipt.contractAddress)
  const code = hex(await chain.rpc('eth_getCode', [address, 'latest']), 'eth_getCode')
  if (code === '0x')
    throw new ApiProblem(
      400,
      'deploy_empty',
      'The constructor ran but left no contract code (is the bytecode creation code?)',
    )
  const deployedAt = now()
  recordDeployedContract(store, {
    name,
    address,
    abi,
    txHash: hash,
    chainId: chain.chainId,
    codeHash: keccak256(code),
    deployedAt,
  })
  return { name, address, abi, kind: 'deployed', txHash: hash, deployedAt }
}

function compileFailed(detail: string, errors: readonly string[]): ApiProblem {
  return new ApiProblem(400, 'compile_failed', detail, {
    errors: errors.map((message) => ({ pointer: '/source', message })),
  })
}
