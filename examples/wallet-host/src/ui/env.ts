// What every part of the wallet's UI reads: the host, its wallet, the sandbox's config and the words.
import type { Manifest } from '@chainless/protocol'
import type { ManifestKeys, RuntimeHost, WalletController } from '@chainless/runtime-host'
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import { type WalletLocale, type WalletT, walletTranslator } from './strings.js'

/** What the sandbox writes to `config.json` (see the sandbox's `demoWalletConfig`). */
export interface WalletConfig {
  apiUrl: string
  chainId: number
  rpcUrl: string
  accounts: string[]
  /** The public test mnemonic (never a real wallet's). */
  mnemonic?: string
  /** The platform's manifest-signing keys, pinned by the sandbox when it wrote this file. */
  manifestKeys: ManifestKeys
  /** The ERC-2771 forwarder that relays sponsored apps' requests. */
  forwarder?: { address: string; name: string; version: string }
  /** The developer workbench (sandbox only): loaded as a separate chunk when `true`. */
  workbench?: boolean
}

/** The wallet's environment, given once at start. */
export interface WalletEnv {
  config: WalletConfig
  host: RuntimeHost
  /** Always there in the demo wallet (the host is built with `wallet`). */
  wallet: WalletController | undefined
  /** The test accounts at start, in the signer's order (the workbench can add more: see its `accounts`). */
  addresses: readonly string[]
}

/** The environment context (set by the wallet's root). */
export const EnvContext = createContext<WalletEnv | undefined>(undefined)

/** The environment; throws outside the wallet's root (a programming error). */
export function useEnv(): WalletEnv {
  const env = useContext(EnvContext)
  if (!env) throw new Error('useEnv outside the wallet root')
  return env
}

/** The wallet's language and its words. */
export interface WalletI18n {
  locale: WalletLocale
  t: WalletT
}

/** The language context. */
export const WalletI18nContext = createContext<WalletI18n>({ locale: 'en', t: walletTranslator('en') })

/** The wallet's words in the current language. */
export function useT(): WalletT {
  return useContext(WalletI18nContext).t
}

/** Manifests the catalog has seen, by appId: names and icons for the other pages. */
export const ManifestsContext = createContext<ReadonlyMap<string, Manifest>>(new Map())

/** `0x1234…abcd`. */
export const short = (value: string): string =>
  value.length > 12 ? `${value.slice(0, 6)}…${value.slice(-4)}` : value
