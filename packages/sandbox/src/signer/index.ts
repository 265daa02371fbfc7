export { PasskeyRegistry, type PasskeyRegistryOptions } from './passkeys.js'
export { type CheckedPayload, checkPayload, type SignKind } from './payload.js'
export { createSigningService, type SigningService, type SigningServiceOptions } from './service.js'
