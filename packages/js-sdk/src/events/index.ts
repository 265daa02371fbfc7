/**
 * `@chainless/js-sdk/events`: a typed emitter for the app's own components (`createEmitter`) and the
 * host's events (`on`, `off`, as in the core). No listener of either survives the app's `close()`.
 * Apps that only call `ready` do not pay for it; nothing runs at import.
 */
export type { HostEventName, HostEvents } from '@chainless/protocol'
export { off, on } from '../events.js'
export {
  createEmitter,
  type EmitArgs,
  type Emitter,
  type EmitterOptions,
  type EventMap,
  type Listener,
} from './emitter.js'
