/**
 * Sign-In with Ethereum, as far as the policy needs it: does a `personal_sign` message ask to sign in
 * to a site other than the app's own origin? Not a full EIP-4361 parser (the platform's is): it
 * reads the preamble's scheme and domain and the `URI:` field, leniently, so that a message which
 * merely *looks* like SIWE to a user is checked too.
 * @see https://eips.ethereum.org/EIPS/eip-4361
 */

const PREAMBLE = ' wants you to sign in with your Ethereum account:'

/** Why a SIWE-looking message does not belong to the app, or `undefined` when it does or is not SIWE. */
export function siweOriginMismatch(messageHex: string, appOrigin: string): string | undefined {
  const text = decodeHex(messageHex)
  if (text === undefined) return undefined
  const lines = text.split(/\r?\n/)
  const first = lines.find((line) => line.includes(PREAMBLE))
  if (first === undefined) return undefined
  let origin: URL
  try {
    origin = new URL(appOrigin)
  } catch {
    return 'the app has no valid origin'
  }
  // EIP-4361: `[ scheme "://" ] domain " wants you to sign in…"`; domain is an RFC 3986 authority.
  const head = first.slice(0, first.indexOf(PREAMBLE)).trim()
  const match = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^\s/?#]+)$/.exec(head)
  if (!match) return 'the sign-in request names no valid domain'
  const [, scheme, domain] = match
  if (scheme !== undefined && `${scheme.toLowerCase()}:` !== origin.protocol) {
    return `the sign-in request is for ${scheme}://${domain}, not this app`
  }
  if (authority(domain as string, origin.protocol) !== origin.host) {
    return `the sign-in request is for ${domain}, not this app`
  }
  const uriLine = lines.find((line) => line.startsWith('URI: '))
  if (uriLine !== undefined) {
    const uri = uriLine.slice('URI: '.length).trim()
    let uriOrigin: string | undefined
    try {
      uriOrigin = new URL(uri).origin
    } catch {
      uriOrigin = undefined
    }
    if (uriOrigin !== origin.origin) return `the sign-in request's URI ${uri.slice(0, 200)} is not this app's`
  }
  return undefined
}

/** `host[:port]` as `URL.host` spells it (default port dropped, lower case), or `undefined`. */
function authority(domain: string, protocol: string): string | undefined {
  try {
    const url = new URL(`${protocol}//${domain}`)
    // A userinfo part (`user@host`) is refused: the user would read the part before `@`.
    return url.username === '' && url.password === '' ? url.host : undefined
  } catch {
    return undefined
  }
}

/** UTF-8 text of 0x hex bytes (replacement characters for bad sequences), or `undefined` when not hex. */
function decodeHex(hex: string): string | undefined {
  if (typeof hex !== 'string' || !/^0x(?:[0-9a-fA-F]{2})*$/.test(hex)) return undefined
  const bytes = new Uint8Array((hex.length - 2) / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 + i * 2, 4 + i * 2), 16)
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes)
}
