import type { TypedData } from '@chainless/protocol'

/**
 * The wallet's signer: whatever holds the user's keys (a local key in the sandbox, a remote or MPC
 * signing service, a passkey-gated one, the native app around a WebView). Private keys never cross
 * the bridge; the host hands the signer exactly the bytes the user confirmed, and checks what comes
 * back (the recovered address must be `address`).
 *
 * Every method returns `0x` hex. A signer rejects with `UserRejectedError` (4001) when its own user
 * check is refused (passkey cancelled, native prompt declined), `TimeoutError` (4080) when it gives no
 * answer in time, and a {@link SignerError} for anything else.
 */
export interface Signer {
  /** The accounts this signer can sign for, EIP-55 checksummed; the first is the default. */
  getAddresses(): Promise<readonly string[]>
  /** EIP-191 `personal_sign` of `message`: the exact bytes, as `0x` hex (the signer adds the prefix). */
  signMessage(request: { address: string; message: string; signal?: AbortSignal }): Promise<string>
  /** EIP-712 signature of `typedData` (already validated and frozen by the host). */
  signTypedData(request: { address: string; typedData: TypedData; signal?: AbortSignal }): Promise<string>
  /**
   * Signs an unsigned EIP-2718 transaction, given as its serialised bytes (`0x` hex: what the user
   * confirmed), and returns the signed raw transaction.
   */
  signTransaction(request: { address: string; transaction: string; signal?: AbortSignal }): Promise<string>
}
