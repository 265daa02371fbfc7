// `@chainless/runtime-host/devtools`: the development workbench's side of the host. A separate entry,
// so a production wallet that never imports it ships none of it.
export type { CallAs, CallOutcome, HostInspector, InspectedCall, Interception } from '../inspector.js'
export {
  type BridgeLog,
  type BridgeLogEntry,
  type BridgeLogFilter,
  DEFAULT_LOG_CAPACITY,
} from './bridge-log.js'
export { createDevtools, type Devtools, type DevtoolsOptions, MAX_LOG_CAPACITY } from './create-devtools.js'
export { MASK, type MaskContext, maskSensitive } from './mask.js'
export {
  InvalidMockRuleError,
  MAX_MOCK_DELAY_MS,
  MAX_MOCK_RULES,
  MAX_MOCK_VALUE_BYTES,
  type MockAction,
  type MockRule,
  type MockRuleIssue,
  type MockRules,
  parseMockRules,
} from './mock-rules.js'
export type { PerfMonitor, PerfSnapshot } from './perf.js'
