import { HDNodeWallet, Mnemonic } from 'ethers'
import { RELAYER_PATH, TEST_ACCOUNT_PATH, TEST_MNEMONIC } from './constants.js'

/** A test account: checksummed address and its `0x`-prefixed private key. */
export interface TestAccount {
  readonly address: string
  readonly privateKey: string
}

/**
 * Derives `count` accounts from a BIP-39 mnemonic at `m/44'/60'/0'/0/{i}` (default: {@link TEST_MNEMONIC}).
 *
 * @example
 * ```ts
 * const [first] = deriveTestAccounts(1)
 * first.address // '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
 * ```
 */
export function deriveTestAccounts(count: number, mnemonic: string = TEST_MNEMONIC): TestAccount[] {
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(mnemonic), TEST_ACCOUNT_PATH)
  const accounts: TestAccount[] = []
  for (let i = 0; i < count; i++) {
    const wallet = root.deriveChild(i)
    accounts.push(Object.freeze({ address: wallet.address, privateKey: wallet.privateKey }))
  }
  return accounts
}

/**
 * The platform relayer's key: {@link RELAYER_PATH} of the mnemonic (default {@link TEST_MNEMONIC}), a
 * branch the test accounts never use. Public, sandbox-only.
 *
 * @example
 * ```ts
 * deriveRelayer().address // RELAYER_ADDRESS, '0x8C8d35429F74ec245F8Ef2f4Fd1e551cFF97d650'
 * ```
 */
export function deriveRelayer(mnemonic: string = TEST_MNEMONIC): TestAccount {
  const wallet = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(mnemonic), RELAYER_PATH)
  return Object.freeze({ address: wallet.address, privateKey: wallet.privateKey })
}
