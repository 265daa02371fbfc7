import { AbiCoder, Interface } from 'ethers'
import { describe, expect, it } from 'vitest'
import { ChainRpcError } from '../chainClient.js'
import { decodeRevert, revertDataOf } from './revert.js'

const coder = AbiCoder.defaultAbiCoder()

describe('decodeRevert', () => {
  it('decodes Error(string) and Panic(uint256)', () => {
    const error = `0x08c379a0${coder.encode(['string'], ['nope']).slice(2)}`
    expect(decodeRevert(error, [])).toEqual({ data: error, name: 'Error', reason: 'nope', args: ['nope'] })
    const panic = `0x4e487b71${coder.encode(['uint256'], [0x11]).slice(2)}`
    expect(decodeRevert(panic, [])).toMatchObject({
      name: 'Panic',
      reason: 'arithmetic overflow or underflow',
      args: ['17'],
    })
    const unknownPanic = `0x4e487b71${coder.encode(['uint256'], [2n ** 200n]).slice(2)}`
    expect(decodeRevert(unknownPanic, []).reason).toMatch(/^panic 0x/)
  })

  it('decodes a custom error with the first ABI that knows it, skipping malformed ones', () => {
    const iface = new Interface(['error TooBig(uint256 value, address who)'])
    const data = iface.encodeErrorResult('TooBig', [5n, '0x0000000000000000000000000000000000000001'])
    expect(decodeRevert(data, [[{ type: 'nonsense' }] as never, iface.fragments as never])).toMatchObject({
      name: 'TooBig',
      args: ['5', '0x0000000000000000000000000000000000000001'],
    })
  })

  it.each(['0x', '0x1234', '0x08c379a0', `0x08c379a0${'ff'.repeat(64)}`, '0xdeadbeef00'])(
    'keeps %s undecoded',
    (data) => {
      expect(decodeRevert(data, [])).toEqual({ data })
    },
  )
})

describe('revertDataOf', () => {
  it("reads hex data, Ganache's { result } and a bare revert message", () => {
    expect(revertDataOf(new ChainRpcError({ code: -32000, message: 'revert', data: '0x12' }))).toBe('0x12')
    expect(revertDataOf(new ChainRpcError({ code: -32000, message: 'x', data: { result: '0x34' } }))).toBe(
      '0x34',
    )
    expect(revertDataOf(new ChainRpcError({ code: -32000, message: 'VM Exception: revert' }))).toBe('0x')
    expect(revertDataOf(new ChainRpcError({ code: -32000, message: 'insufficient funds' }))).toBeUndefined()
    expect(revertDataOf(new Error('x'))).toBeUndefined()
  })
})
