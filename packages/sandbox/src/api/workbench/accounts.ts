import { id as eventTopic, getAddress, Interface, keccak256, MaxUint256, toBeHex, zeroPadValue } from 'ethers'
import { STANDARD_ARTIFACTS } from '../../chain/artifacts.js'
import { STANDARD_CONTRACT_ADDRESSES } from '../../chain/constants.js'
import { ApiProblem } from '../problem.js'
import { parseTokenAmount, parseUint } from './amounts.js'
import { type SandboxChain, STANDARD_CONTRACTS, toBigInt } from './sandbox-chain.js'

const crc20 = new Interface(STANDARD_ARTIFACTS.CRC20.abi)
const crc721 = new Interface(STANDARD_ARTIFACTS.CRC721.abi)
const crc1155 = new Interface(STANDARD_ARTIFACTS.CRC1155.abi)
const TRANSFER = eventTopic('Transfer(address,address,uint256)')
const ABIS = STANDARD_CONTRACTS.map((c) => c.abi)
/** Storage slots probed for the CRC20's balance mapping and total supply (OpenZeppelin's layout: 0 and 2). */
const SLOT_PROBE = 12
const MAX_CRC721_CANDIDATES = 1000
const MAX_CRC721_IDS = 100

/** The document's `SandboxAccount`. */
export interface SandboxAccountInfo {
  address: string
  balances: { DW20: string; CRC20: string }
  crc721: string[]
  nonce: number
}

const word = (n: bigint) => zeroPadValue(toBeHex(n), 32)

/**
 * Sets an exact DW20 or CRC20 balance. DW20: `evm_setAccountBalance`. CRC20: a higher balance mints
 * the difference from the owner (a real `Transfer` from 0x0); a lower one rewrites the holder's
 * balance slot and `totalSupply` with `evm_setAccountStorageAt` (the supply stays the sum of the
 * balances; no event is emitted).
 *
 * @throws {ApiProblem} 400 `invalid_body` (amount), 400 `tx_reverted`, 409 `unsupported_layout`
 * @example
 * ```ts
 * await setBalance(chain, '0xf39F…', 'CRC20', '12.5') // 12500000000000000000n
 * ```
 */
export async function setBalance(
  chain: SandboxChain,
  address: string,
  asset: 'DW20' | 'CRC20',
  amount: string,
): Promise<bigint> {
  const target = parseTokenAmount(amount, '/amount')
  return chain.exclusive(() => setExactBalance(chain, address, asset, target))
}

async function setExactBalance(
  chain: SandboxChain,
  address: string,
  asset: 'DW20' | 'CRC20',
  target: bigint,
): Promise<bigint> {
  if (asset === 'DW20') {
    await chain.rpc('evm_setAccountBalance', [address, toBeHex(target)])
    return chain.quantity('eth_getBalance', [address, 'latest'])
  }
  const token = STANDARD_CONTRACT_ADDRESSES.CRC20
  const current = await erc20Balance(chain, address)
  if (target > current) {
    const supply = toBigInt(await chain.call(token, crc20.encodeFunctionData('totalSupply')))
    if (supply + (target - current) > MaxUint256)
      throw new ApiProblem(400, 'invalid_body', 'The total supply would pass 2^256 - 1', {
        errors: [{ pointer: '/amount', message: 'too large for the total supply' }],
      })
    await chain.send(
      { to: token, data: crc20.encodeFunctionData('mint', [address, target - current]) },
      'tx_reverted',
      ABIS,
    )
  } else if (target < current) {
    const supply = toBigInt(await chain.call(token, crc20.encodeFunctionData('totalSupply')))
    const { balanceSlot, supplySlot } = await findErc20Slots(chain, token, address, current, supply)
    await chain.rpc('evm_setAccountStorageAt', [token, balanceSlot, word(target)])
    await chain.rpc('evm_setAccountStorageAt', [token, supplySlot, word(supply - (current - target))])
  }
  return erc20Balance(chain, address)
}

async function erc20Balance(chain: SandboxChain, address: string): Promise<bigint> {
  return toBigInt(
    await chain.call(STANDARD_CONTRACT_ADDRESSES.CRC20, crc20.encodeFunctionData('balanceOf', [address])),
  )
}

// The slots are found on the chain rather than assumed: a slot whose value is the known balance (for
// the mapping: keccak256(holder . slot), Solidity's layout) and one holding the total supply.
async function findErc20Slots(
  chain: SandboxChain,
  token: string,
  holder: string,
  balance: bigint,
  supply: bigint,
): Promise<{ balanceSlot: string; supplySlot: string }> {
  let balanceSlot: string | undefined
  let supplySlot: string | undefined
  for (let i = 0n; i < BigInt(SLOT_PROBE) && !(balanceSlot && supplySlot); i++) {
    const mapped = keccak256(`0x${word(BigInt(holder)).slice(2)}${word(i).slice(2)}`)
    if (!balanceSlot && (await chain.quantity('eth_getStorageAt', [token, mapped, 'latest'])) === balance)
      balanceSlot = mapped
    if (!supplySlot && (await chain.quantity('eth_getStorageAt', [token, word(i), 'latest'])) === supply)
      supplySlot = word(i)
  }
  if (!balanceSlot || !supplySlot)
    throw new ApiProblem(409, 'unsupported_layout', 'The CRC20 storage layout is not the expected one')
  return { balanceSlot, supplySlot }
}

/**
 * Mints a CRC721 token (`mint(to)`, the next id) or CRC1155 units (`mint(to, id, amount, 0x)`) from the
 * contracts' owner, test account 0.
 * @throws {ApiProblem} 400 `invalid_body`, 400 `tx_reverted` (e.g. a receiver contract that refuses)
 * @example
 * ```ts
 * await mint(chain, '0x7099…', { asset: 'CRC1155', id: '1', amount: '5' }) // { txHash, tokenId: '1' }
 * ```
 */
export async function mint(
  chain: SandboxChain,
  address: string,
  body: { asset: 'CRC721' } | { asset: 'CRC1155'; id: string; amount: string },
): Promise<{ txHash: string; tokenId: string }> {
  const units =
    body.asset === 'CRC1155'
      ? { id: parseUint(body.id, '/id'), amount: parseUint(body.amount, '/amount', 1n) }
      : undefined
  return chain.exclusive(async () => {
    if (!units) {
      const token = STANDARD_CONTRACT_ADDRESSES.CRC721
      const { hash, receipt } = await chain.send(
        { to: token, data: crc721.encodeFunctionData('mint', [address]) },
        'tx_reverted',
        ABIS,
      )
      const log = receipt.logs.find(
        (l) =>
          l.address.toLowerCase() === token.toLowerCase() &&
          l.topics[0] === TRANSFER &&
          l.topics.length === 4,
      )
      if (!log) throw new ApiProblem(502, 'chain_unavailable', 'The mint left no Transfer event')
      return { txHash: hash, tokenId: BigInt(log.topics[3]!).toString() }
    }
    const { hash } = await chain.send(
      {
        to: STANDARD_CONTRACT_ADDRESSES.CRC1155,
        data: crc1155.encodeFunctionData('mint', [address, units.id, units.amount, '0x']),
      },
      'tx_reverted',
      ABIS,
    )
    return { txHash: hash, tokenId: units.id.toString() }
  })
}

/**
 * An address's DW20 and CRC20 balances (wei), nonce, and the CRC721 ids it owns (at most 100; found
 * from `Transfer` events to it, checked with `ownerOf`).
 * @example
 * ```ts
 * const { balances, crc721 } = await accountInfo(chain, '0xf39F…')
 * ```
 */
export async function accountInfo(chain: SandboxChain, address: string): Promise<SandboxAccountInfo> {
  const checksummed = getAddress(address)
  const [dw20, erc20, nonce, logs] = await Promise.all([
    chain.quantity('eth_getBalance', [checksummed, 'latest']),
    erc20Balance(chain, checksummed),
    chain.quantity('eth_getTransactionCount', [checksummed, 'latest']),
    chain.rpc('eth_getLogs', [
      {
        address: STANDARD_CONTRACT_ADDRESSES.CRC721,
        fromBlock: '0x0',
        toBlock: 'latest',
        topics: [TRANSFER, null, zeroPadValue(checksummed, 32)],
      },
    ]),
  ])
  const candidates = [
    ...new Set(
      (Array.isArray(logs) ? (logs as { topics?: string[] }[]) : [])
        .map((l) => l.topics?.[3])
        .filter((t): t is string => typeof t === 'string')
        .map((t) => BigInt(t)),
    ),
  ].slice(-MAX_CRC721_CANDIDATES)
  const owned: string[] = []
  for (const id of candidates) {
    if (owned.length >= MAX_CRC721_IDS) break
    let owner: string
    try {
      owner = crc721.decodeFunctionResult(
        'ownerOf',
        await chain.call(STANDARD_CONTRACT_ADDRESSES.CRC721, crc721.encodeFunctionData('ownerOf', [id])),
      )[0] as string
    } catch {
      continue // burnt since
    }
    if (owner.toLowerCase() === checksummed.toLowerCase()) owned.push(id.toString())
  }
  return {
    address: checksummed,
    balances: { DW20: dw20.toString(), CRC20: erc20.toString() },
    crc721: owned.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1)),
    nonce: Number(nonce),
  }
}
