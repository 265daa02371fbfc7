export * from './api/index.js'
export * from './chain/index.js'
export { main as runCli, UsageError } from './cli.js'
export { PortInUseError } from './http/listen.js'
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
export { AppFolderError, type RunningServer } from './web/servers.js'
