/**
 * The bridge protocol version, `major.minor`. A host serves every minor of its major; an app that
 * speaks a newer major is refused with 4200.
 */
export const PROTOCOL_VERSION = '1.0'

/** A parsed `major.minor` version, or `undefined` when the string is not one. */
export function parseProtocolVersion(version: unknown): { major: number; minor: number } | undefined {
  if (typeof version !== 'string' || version.length > 16) return undefined
  const match = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/.exec(version)
  if (!match) return undefined
  return { major: Number(match[1]), minor: Number(match[2]) }
}

/**
 * Whether a host speaking `host` can serve an app speaking `app`: same major. An older minor works
 * (the host only adds within a major); a newer minor also works, the app simply sees fewer
 * capabilities in `welcome`.
 */
export function isCompatibleProtocol(host: string, app: string): boolean {
  const h = parseProtocolVersion(host)
  const a = parseProtocolVersion(app)
  return h !== undefined && a !== undefined && h.major === a.major
}
