import type { Scope } from './scopes.js'

/** Browser permissions a manifest may declare; the host builds the iframe's `allow` from them. */
export const BROWSER_PERMISSIONS = [
  'camera',
  'microphone',
  'geolocation',
  'clipboard-read',
  'clipboard-write',
  'web-share',
  'fullscreen',
] as const

/** One of {@link BROWSER_PERMISSIONS}. */
export type BrowserPermission = (typeof BROWSER_PERMISSIONS)[number]

/** A contract the app deploys or calls, so the host can name it and decode calldata. */
export interface ManifestContract {
  chainId: number
  address: string
  name: string
  /** ABI as JSON (human-readable ABI strings are accepted too). */
  abi?: readonly unknown[]
}

/** What the platform says about a mini-program (`GET /api/v1/apps/{appId}`). */
export interface Manifest {
  appId: string
  name: string
  description?: string
  icon?: string
  version: string
  /** The app's own origin, e.g. `http://hello.localhost:8090`. Never the host's. */
  origin: string
  /** The URL the iframe loads; must be on {@link Manifest.origin}. */
  entryUrl: string
  scopes: readonly Scope[]
  permissions?: readonly BrowserPermission[]
  contracts?: readonly ManifestContract[]
  developer?: { name: string; url?: string; email?: string }
  sourceUrl?: string
  audit?: { auditor: string; url: string; date?: string }
  securityRating?: 'A' | 'B' | 'C' | 'D' | 'unrated'
  updatedAt?: string
  status?: 'listed' | 'delisted'
  /** Fee sponsorship: the platform pays network fees for this app's transactions. */
  sponsored?: boolean
}
