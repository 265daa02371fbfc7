import type { Eip1193Handler } from './call-context.js'
import type { PayHandler } from './dispatch.js'
import { payHandler } from './pay.js'
import { sendHandlers } from './send.js'
import { signHandlers } from './sign.js'

/**
 * @internal The sign and send handlers the dispatcher routes to, by EIP-1193 method. A method
 * missing here answers 4200.
 */
export const walletHandlers: Readonly<Record<string, Eip1193Handler>> = Object.freeze({
  ...signHandlers,
  ...sendHandlers,
})

/** @internal The `walletPay` handler (missing: 4200). */
export const walletPayHandler: PayHandler | undefined = payHandler
