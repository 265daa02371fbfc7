import { fc, test as prop } from '@fast-check/vitest'
import { ParamType } from 'ethers'
import { describe, expect, test } from 'vitest'
import { deployRequest, listContracts, parseArg, showValue } from './ContractsPanel.js'
import { simulateTranslator } from './strings-simulate.js'

const t = simulateTranslator('en')
const FUZZ = { numRuns: 200, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) }
const ADDRESS = '0x5FbDB2315678afecb367f032d93F642f64180aa3'

describe('listContracts', () => {
  test('manifest contracts first, one entry per address (case-insensitive)', () => {
    const listed = listContracts(
      [{ chainId: 1, address: ADDRESS, name: 'Shop', abi: ['function a()'] }] as never,
      [
        { name: 'CRC20', address: ADDRESS.toLowerCase(), abi: [], kind: 'standard' },
        { name: 'Mine', address: '0x0000000000000000000000000000000000000001', abi: [], kind: 'deployed' },
      ],
    )
    expect(listed.map((c) => [c.name, c.source])).toEqual([
      ['Shop', 'manifest'],
      ['Mine', 'deployed'],
    ])
  })
})

describe('parseArg', () => {
  test('arrays and tuples are JSON, bools are true/false, the rest is passed as written', () => {
    expect(parseArg(ParamType.from('uint256[]'), ' [1, "2"] ')).toEqual([1, '2'])
    expect(parseArg(ParamType.from('bool'), 'false')).toBe(false)
    expect(() => parseArg(ParamType.from('bool'), 'yes')).toThrow(SyntaxError)
    expect(parseArg(ParamType.from('uint256'), ' 12 ')).toBe('12')
  })
  test('showValue prints bigints as decimal strings', () => {
    expect(showValue([1n, 'a'])).toBe('[\n  "1",\n  "a"\n]')
  })
})

describe('deployRequest', () => {
  test('a Solidity source with a contract name and arguments', () => {
    expect(deployRequest('solidity', 'contract A {}', ' A ', '[1]', t)).toEqual({
      source: 'contract A {}',
      contract: 'A',
      args: [1],
    })
  })
  test('Hardhat and Foundry artifacts; a bad artifact or arguments are refused with a message', () => {
    expect(deployRequest('artifact', '{"abi":[],"bytecode":"0x6000","contractName":"C"}', '', '', t)).toEqual(
      {
        abi: [],
        bytecode: '0x6000',
        name: 'C',
      },
    )
    expect(deployRequest('artifact', '{"abi":[],"bytecode":{"object":"6000"}}', '', '', t)).toEqual({
      abi: [],
      bytecode: '0x6000',
    })
    expect(deployRequest('artifact', '{"abi":{},"bytecode":"0x60"}', '', '', t)).toBe(t('badArtifact'))
    expect(deployRequest('artifact', '{"abi":[],"bytecode":"0xzz"}', '', '', t)).toBe(t('badArtifact'))
    expect(deployRequest('solidity', 'x', '', '{"a":1}', t)).toBe(t('badArgs'))
    expect(deployRequest('solidity', 'x'.repeat(256 * 1024 + 1), '', '', t)).toBe(t('fileTooLarge'))
  })
  prop.prop(
    [fc.constantFrom('solidity' as const, 'artifact' as const), fc.string(), fc.string(), fc.string()],
    FUZZ,
  )('never throws on any input (the form is untrusted text)', (mode, text, name, args) => {
    const out = deployRequest(mode, text, name, args, t)
    expect(typeof out === 'string' || typeof out === 'object').toBe(true)
  })
  prop.prop([fc.jsonValue().map((v) => JSON.stringify(v))], FUZZ)(
    'any JSON artifact: a request or a message',
    (text) => {
      const out = deployRequest('artifact', text, '', '', t)
      if (typeof out !== 'string') expect(out).toHaveProperty('bytecode')
    },
  )
})
