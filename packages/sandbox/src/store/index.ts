/**
 * The sandbox's embedded store (SQLite in `dataDir/sandbox.db`) and the app-management functions the
 * `chainless-sandbox apps ...` commands call.
 * @module
 */
export { APP_DIRS_TABLE, attachAppDir, listAppDirs } from './app-dirs.js'
export { type AppResetCounts, resetAppData } from './app-reset.js'
export {
  type AppKeyInfo,
  type CreateAppInput,
  type CreatedApp,
  createApp,
  DEFAULT_KEY_GRACE_MS,
  delistApp,
  findApp,
  getApp,
  isListedAppOrigin,
  listAppKeys,
  listApps,
  type RotatedKey,
  relistApp,
  rotateAppKey,
  searchApps,
  slug,
  updateApp,
  validAppSecrets,
} from './apps.js'
export {
  type BroadcastRecord,
  type BroadcastStatus,
  countBroadcasts,
  dropForgottenBroadcasts,
  getBroadcast,
  MAX_PENDING_CHECKED,
  recordBroadcast,
  setBroadcastStatus,
} from './broadcasts.js'
export {
  APP_QUOTA_BYTES,
  MAX_KEY_CHARS,
  MAX_VALUE_BYTES,
  StorageLimitError,
} from './cloud-storage.js'
export {
  type DeployedContractRecord,
  listDeployedContracts,
  MAX_DEPLOYED_CONTRACTS,
  recordDeployedContract,
} from './deployed-contracts.js'
export { type EffectCounts, effectCounts } from './effects.js'
export { AppExistsError, AppNotFoundError, InvalidAppError, StoreError } from './errors.js'
export { onStoreEvent, type StoreEvent, type StoreEventListener } from './events.js'
export { listMockRules, removeAppMockRules, type StoredMockRule, setMockRules } from './mocks.js'
export { consumeNonce, countNonces } from './nonces.js'
export { addPlatformKey, listPlatformKeys, type StoredPlatformKey } from './platformKeys.js'
export { countRelays, getRelay, type RelayRecord, recordRelay } from './relays.js'
export { type AppReport, fileReport, listReports, MAX_REPORTS, type ReportReason } from './reports.js'
export {
  EXAMPLE_APPS,
  type ExampleApp,
  ensureLocalApps,
  exampleOrigin,
  hasExampleApps,
  type LocalApp,
  seedExampleApps,
} from './seed.js'
export { type OpenStoreOptions, openStore, STORE_FILE, type Store } from './store.js'
export {
  checkWebhookUrl,
  getWebhookUrl,
  InvalidWebhookUrlError,
  listDeliveries,
  setWebhookUrl,
  type WebhookDelivery,
  type WebhookEventType,
} from './webhooks.js'
