/**
 * Chains the suite knows. The wallet configures the chains it serves; this is the Chainless dev chain
 * that the sandbox runs, with DW20 as its native (fee) currency.
 */

/** A chain as the wallet describes it (EIP-3085's `AddEthereumChainParameter`, with a numeric id). */
export interface ChainInfo {
  /** EIP-155 chain id. */
  chainId: number
  /** Human-readable name. */
  name: string
  /** The native currency that pays network fees. */
  nativeCurrency: { name: string; symbol: string; decimals: number }
}

/** Chain id of the Chainless dev chain: `0xc1a1` (49569). */
export const CHAINLESS_DEV_CHAIN_ID = 0xc1a1

/** The Chainless dev chain (the sandbox's local chain): fees in DW20, 18 decimals. */
export const CHAINLESS_DEV_CHAIN: ChainInfo = /* @__PURE__ */ Object.freeze({
  chainId: CHAINLESS_DEV_CHAIN_ID,
  name: 'Chainless Dev',
  nativeCurrency: /* @__PURE__ */ Object.freeze({ name: 'DW20', symbol: 'DW20', decimals: 18 }),
})

/**
 * A chain id as EIP-1193 speaks it: `0x`-prefixed lower-case hex without leading zeros.
 * @example toHexChainId(49569) // '0xc1a1'
 */
export function toHexChainId(chainId: number): `0x${string}` {
  return `0x${chainId.toString(16)}`
}
