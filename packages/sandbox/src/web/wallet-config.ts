/**
 * The demo wallet's `config.json`: everything the wallet page needs to start, written by the sandbox
 * when it starts (the wallet trusts this file, not the API it verifies: the manifest keys are pinned here).
 */
export interface DemoWalletConfig {
  /** Platform API base, e.g. `http://localhost:8787`. */
  apiUrl: string
  /** EIP-155 id of the sandbox chain. */
  chainId: number
  /** The chain's own JSON-RPC URL (the wallet reads through the platform's proxy; this is for tools). */
  rpcUrl: string
  /** The test accounts, checksummed, in derivation order. */
  accounts: string[]
  /** The public test mnemonic the demo wallet derives its keys from (never use it on a real network). */
  mnemonic: string
  /** The platform's manifest-signing keys (JWKS). */
  manifestKeys: unknown
  /** The ERC-2771 forwarder sponsored apps' requests go through (EIP-712 domain name and version). */
  forwarder?: { address: string; name: string; version: string }
  /**
   * Turns on the developer workbench beside the open app (bridge and platform logs, storage, mocks,
   * test accounts, contracts). The wallet loads it as a separate chunk only when this is `true`; a
   * wallet built for real users never sets it.
   */
  workbench?: boolean
}

/**
 * Builds the demo wallet's `config.json` from what the sandbox started.
 *
 * @example
 * ```ts
 * const config = demoWalletConfig({
 *   apiUrl, chain, manifestKeys: api.jwks, mnemonic: TEST_MNEMONIC, forwarder: chain.forwarder,
 * })
 * ```
 */
export function demoWalletConfig(input: {
  apiUrl: string
  chain: { chainId: number; rpcUrl: string; accounts: readonly { address: string }[] }
  manifestKeys: unknown
  mnemonic: string
  forwarder?: { address: string; name: string; version: string } | undefined
  /** Default `true`: the sandbox's wallet is a developer's workbench. */
  workbench?: boolean | undefined
}): DemoWalletConfig {
  return {
    apiUrl: input.apiUrl,
    chainId: input.chain.chainId,
    rpcUrl: input.chain.rpcUrl,
    accounts: input.chain.accounts.map((a) => a.address),
    mnemonic: input.mnemonic,
    manifestKeys: input.manifestKeys,
    ...(input.forwarder
      ? {
          forwarder: {
            address: input.forwarder.address,
            name: input.forwarder.name,
            version: input.forwarder.version,
          },
        }
      : {}),
    workbench: input.workbench ?? true,
  }
}
