// The apps' key-value storage, served over the bridge (storageGet/Set/Remove/Keys/Clear).
export {
  DEFAULT_STORAGE_QUOTA_BYTES,
  type HostStorage,
  type StorageListing,
  type StorageQuotaData,
} from './app-storage.js'
export type { StorageBackend } from './backend.js'
export { idbStorageBackend } from './idb-backend.js'
export { MemoryStorageBackend } from './memory-backend.js'
export type { StorageOptions } from './options.js'
