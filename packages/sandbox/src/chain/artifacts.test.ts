import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Interface } from 'ethers'
import { describe, expect, it } from 'vitest'
import { FORWARDER_ARTIFACT, STANDARD_ARTIFACTS } from './artifacts.js'

const pkgDir = fileURLToPath(new URL('../../', import.meta.url))
const committedDir = fileURLToPath(new URL('./artifacts/', import.meta.url))
const require = createRequire(import.meta.url)

describe('standard contract artifacts', () => {
  it('are reproduced byte for byte by `npm run compile:contracts`', async () => {
    const out = await mkdtemp(join(tmpdir(), 'chainless-artifacts-'))
    try {
      await promisify(execFile)(process.execPath, ['scripts/compile-contracts.js', '--out', out], {
        cwd: pkgDir,
      })
      const committed = (await readdir(committedDir)).filter((f) => f.endsWith('.json')).sort()
      expect(committed).toEqual(['CRC1155.json', 'CRC20.json', 'CRC721.json', 'ChainlessForwarder.json'])
      expect((await readdir(out)).sort()).toEqual(committed)
      for (const file of committed) {
        const fresh = await readFile(join(out, file), 'utf8')
        expect(fresh, `${file} is stale: run npm run compile:contracts -w packages/sandbox`).toBe(
          await readFile(join(committedDir, file), 'utf8'),
        )
      }
    } finally {
      await rm(out, { recursive: true, force: true })
    }
  }, 120_000)

  it('name the pinned compiler and library versions', () => {
    const solc = require('solc/package.json') as { version: string }
    const oz = require('@openzeppelin/contracts/package.json') as { version: string }
    for (const artifact of [...Object.values(STANDARD_ARTIFACTS), FORWARDER_ARTIFACT]) {
      expect(artifact.compiler).toEqual({
        solc: solc.version,
        evmVersion: 'shanghai',
        optimizer: { enabled: true, runs: 200 },
        openzeppelin: oz.version,
      })
      expect(artifact.bytecode).toMatch(/^0x[0-9a-f]{1000,}$/)
    }
  })

  it('expose the ERC-20 / ERC-721 / ERC-1155 interfaces', () => {
    const has = (name: keyof typeof STANDARD_ARTIFACTS, signatures: string[]) => {
      const iface = new Interface(STANDARD_ARTIFACTS[name].abi)
      for (const s of signatures) expect(iface.getFunction(s), `${name}.${s}`).not.toBeNull()
    }
    has('CRC20', [
      'totalSupply()',
      'balanceOf(address)',
      'transfer(address,uint256)',
      'transferFrom(address,address,uint256)',
      'approve(address,uint256)',
      'allowance(address,address)',
      'decimals()',
      'mint(address,uint256)',
    ])
    has('CRC721', [
      'ownerOf(uint256)',
      'safeTransferFrom(address,address,uint256,bytes)',
      'setApprovalForAll(address,bool)',
      'tokenURI(uint256)',
      'supportsInterface(bytes4)',
      'mint(address)',
    ])
    has('CRC1155', [
      'balanceOf(address,uint256)',
      'balanceOfBatch(address[],uint256[])',
      'safeTransferFrom(address,address,uint256,uint256,bytes)',
      'safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)',
      'uri(uint256)',
      'mintBatch(address,uint256[],uint256[],bytes)',
    ])
    // ERC-2771: each trusts the platform's forwarder
    for (const name of ['CRC20', 'CRC721', 'CRC1155'] as const)
      has(name, ['isTrustedForwarder(address)', 'trustedForwarder()'])
  })

  it('the forwarder is OpenZeppelin ERC2771Forwarder (verify, execute, nonces, EIP-712 domain)', () => {
    const iface = new Interface(FORWARDER_ARTIFACT.abi)
    for (const s of [
      'verify((address,address,uint256,uint256,uint48,bytes,bytes))',
      'execute((address,address,uint256,uint256,uint48,bytes,bytes))',
      'nonces(address)',
      'eip712Domain()',
    ])
      expect(iface.getFunction(s), s).not.toBeNull()
  })
})
