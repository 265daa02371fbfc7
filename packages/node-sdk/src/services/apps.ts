import type { Manifest } from '@chainless/protocol'
import type { PlatformClient } from '../platform/client.js'
import { type CallOptions, forward } from './call-options.js'

/** The calling app's manifest as the platform signed it (`GET /api/v1/apps/me`). */
export interface SignedManifest {
  /** An unsigned copy, for display. */
  manifest: Manifest
  /** Compact JWS (EdDSA, `typ: chainless-manifest+jwt`) over the manifest. */
  signature: string
}

/** `client.apps`: the app's own catalog entry. */
export interface AppsService {
  /** The calling app's signed manifest: a cheap check that the app id and key work. */
  me(options?: Pick<CallOptions, 'signal'>): Promise<SignedManifest>
}

/**
 * Builds `client.apps` on `client`.
 *
 * @example
 * ```ts
 * const { manifest } = await appsService(client).me()
 * ```
 */
export function appsService(client: PlatformClient): AppsService {
  return {
    me: (options) => client.request<SignedManifest>('GET', '/api/v1/apps/me', forward(options)),
  }
}
