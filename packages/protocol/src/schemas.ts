/**
 * Runtime schemas for everything that crosses a trust boundary into the host: bridge params,
 * handshake messages, manifests. Import from `@chainless/protocol/schemas` — host side only, so the
 * js-sdk never pays for a validator. The main entry's types are inferred from these (type-only
 * imports), so a shape is written once.
 */
import type * as v from 'valibot'
import type { MethodName } from './methods.js'
import { authSchemas } from './schemas/auth.js'
import { lifecycleSchemas } from './schemas/lifecycle.js'
import { storageSchemas } from './schemas/storage.js'
import { uiActionSchemas } from './schemas/ui-actions.js'
import { walletSchemas } from './schemas/wallet.js'

export { authSchemas, codeChallengeSchema, stateSchema } from './schemas/auth.js'
export { appContextSchema, safeAreaInsetsSchema, themeSchema } from './schemas/context.js'
export { helloSchema } from './schemas/handshake.js'
export { lifecycleSchemas } from './schemas/lifecycle.js'
export { manifestContractSchema, manifestSchema } from './schemas/manifest.js'
export { isJsonData, isPlainObject } from './schemas/shared.js'
export {
  MAX_STORAGE_KEY_LENGTH,
  MAX_STORAGE_KEYS,
  type StorageValue,
  storageKeySchema,
  storageSchemas,
  storageValueSchema,
} from './schemas/storage.js'
export {
  httpUrlSchema,
  isHttpUrl,
  MAX_CLIPBOARD_TEXT,
  MAX_LINK_LENGTH,
  MAX_POPUP_BUTTONS,
  type PopupButtonStyle,
  popupButtonSchema,
  uiActionSchemas,
} from './schemas/ui-actions.js'
export {
  addressSchema,
  amountSchema,
  eip1193ParamSchemas,
  hash32Schema,
  hexDataSchema,
  MAX_BATCH_CALLS,
  MAX_SIGN_PAYLOAD_CHARS,
  MAX_TX_DATA_BYTES,
  quantitySchema,
  transactionRequestSchema,
  typedDataSchema,
  walletSchemas,
} from './schemas/wallet.js'

/** Param and result schemas of every method of the registry. */
export const methodSchemas = {
  ...lifecycleSchemas,
  ...walletSchemas,
  ...authSchemas,
  ...storageSchemas,
  ...uiActionSchemas,
} satisfies { readonly [M in MethodName]: { params: v.GenericSchema; result: v.GenericSchema } }

/** The schemas of every method, by capability: what {@link methodSchemas} is made of. */
export type MethodSchemas = typeof methodSchemas
