import { getAccessToken } from '../auth/tokens.js'
import { isInHost } from '../is-in-host.js'

/**
 * Where the access token comes from. `refresh` is true once per request, after a 401: answer a new
 * token if you can (a token equal to the refused one is not tried again). `undefined` sends no token.
 */
export type TokenGetter = (context: { refresh: boolean }) => Promise<string | undefined> | string | undefined

/**
 * @internal The default {@link TokenGetter}: the wallet's access token for this app (`getAccessToken`
 * of `@chainless/js-sdk/auth`, cached until 5 minutes before it expires; after a 401 the wallet
 * refreshes it), none outside a wallet.
 */
export const walletToken: TokenGetter = ({ refresh }) =>
  isInHost() ? getAccessToken(refresh ? { refresh } : {}) : undefined
