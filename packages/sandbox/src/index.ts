export * from './api/index.js'
export { type DerivedAppId, deriveAppId } from './app-dir.js'
export * from './chain/index.js'
export { main as runCli, StoreMissingError, UsageError } from './cli.js'
export { defaultDataDir } from './data-dir.js'
export {
  acquireDataLock,
  DataDirInUseError,
  type DataLock,
  type DataLockInfo,
  LOCK_FILE,
} from './data-lock.js'
export { answerFavicon, FAVICON_SVG } from './http/favicon.js'
export { PortInUseError } from './http/listen.js'
export { createScaffold, type Scaffold, ScaffoldError } from './scaffold/index.js'
export { createSigningService, type SigningService, type SigningServiceOptions } from './signer/index.js'
export {
  type AuthorApp,
  DEFAULT_PORTS,
  DEFAULT_SIGNER_PORT,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from './start.js'
export * from './store/index.js'
export { AppFolderError, type AppsServer, type RunningServer } from './web/servers.js'
