// The workbench shell's and inspect panels' words (Bridge, Platform, Storage, Performance), English and
// Simplified Chinese. The wallet's language comes from WalletI18nContext (ui/env.ts); these tables
// load with the workbench's chunk only, so a wallet without the workbench never carries them.
import { useContext } from 'preact/hooks'
import { WalletI18nContext } from '../ui/env.js'
import type { WalletLocale } from '../ui/strings.js'

/** English: the key set every language provides. */
const en = {
  workbench: 'Workbench',
  workbenchIntro: 'Developer tools for the open mini-program (sandbox only).',
  openWorkbench: 'Open the workbench',
  closeWorkbench: 'Close the workbench',
  noApp: 'No mini-program is open. Open one to inspect it.',
  allApps: 'All apps',
  tabBridge: 'Bridge',
  tabPlatform: 'Platform',
  tabStorage: 'Storage',
  tabPerf: 'Performance',
  tabMocks: 'Mocks',
  tabAccounts: 'Accounts',
  tabContracts: 'Contracts',
  tabData: 'Data',
  loadingPanel: 'Loading…',
  // Bridge log
  bridgeTitle: 'Bridge log',
  filterText: 'Filter by method',
  filterStatus: 'Status',
  filterKind: 'Kind',
  any: 'Any',
  statusOk: 'OK',
  statusError: 'Error',
  statusPending: 'Pending',
  kindCall: 'Calls',
  kindEvent: 'Events',
  kindRefused: 'Refused',
  pause: 'Pause',
  resume: 'Resume',
  paused: 'Paused: new calls are not recorded.',
  clear: 'Clear',
  exportJson: 'Export JSON',
  exportDone: 'Exported {count} entries (sensitive values masked).',
  entriesShown: '{shown} of {total} entries',
  entriesCapped:
    'Showing the latest {shown} of {total} matching entries: narrow the filter to see older ones.',
  bridgeEmpty: 'No calls yet. They appear here as the app makes them.',
  bridgeNoMatch: 'No entry matches the filter.',
  details: 'Details',
  hideDetails: 'Hide details',
  params: 'Params',
  result: 'Result',
  error: 'Error',
  data: 'Data',
  reveal: 'Reveal',
  hide: 'Mask again',
  revealHint: 'Signatures, tokens and secrets are masked until you reveal them.',
  mocked: 'mocked',
  fromDevtools: 'workbench',
  hostEvent: 'event',
  refused: 'refused',
  account: 'Account',
  time: 'Time',
  duration: 'Duration',
  // Platform log
  platformTitle: 'Platform requests',
  platformIntro: 'The app’s requests to the platform API, as the sandbox saw them.',
  live: 'Live',
  polling: 'Polling',
  offline: 'Disconnected: retrying…',
  platformEmpty: 'No platform requests from this app yet.',
  method: 'Method',
  path: 'Path',
  status: 'Status',
  problem: 'Problem',
  latency: 'Latency',
  idempotencyKey: 'Idempotency key',
  requestId: 'Request id',
  // Storage
  storageTitle: 'Storage',
  storageEmpty: 'This app has stored nothing.',
  storageUnavailable: 'This wallet does not serve app storage.',
  quota: '{used} of {quota} used',
  key: 'Key',
  value: 'Value (JSON)',
  edit: 'Edit',
  save: 'Save',
  cancel: 'Cancel',
  remove: 'Remove',
  removeKey: 'Remove {key}',
  editKey: 'Edit {key}',
  addEntry: 'Add an entry',
  add: 'Add',
  clearStorage: 'Clear all',
  confirmClear: 'Remove every key of {app}?',
  badJson: 'Not JSON: {reason}',
  saved: 'Saved',
  failed: 'Failed: {reason}',
  needsOpenApp: 'Editing writes as the app does (its quota applies): keep the app open.',
  grantsTitle: 'Grants',
  grantsEmpty: 'No account has granted this app anything.',
  revoke: 'Revoke',
  revokeScope: 'Revoke {scope} for {account}',
  disconnect: 'Disconnect',
  disconnectAccount: 'Disconnect {account}',
  // Performance
  perfTitle: 'Performance',
  perfEmpty: 'No measurements yet for this app.',
  coldStart: 'Cold start',
  coldStartHint: 'mount → ready',
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  max: 'max',
  callsPerSecond: 'Calls / s',
  calls: 'Calls',
  errors: 'Errors',
  heap: 'JS heap',
  heapUnavailable: 'not reported by this browser',
  latencyTitle: 'Bridge latency (last 1,000 calls)',
  ms: '{value} ms',
}

/** Every key of the inspect strings. */
export type InspectKey = keyof typeof en

const zhCN: Record<InspectKey, string> = {
  workbench: '工作台',
  workbenchIntro: '当前小程序的开发者工具（仅沙盒）。',
  openWorkbench: '打开工作台',
  closeWorkbench: '关闭工作台',
  noApp: '没有打开的小程序。打开一个即可调试。',
  allApps: '全部应用',
  tabBridge: '桥接',
  tabPlatform: '平台',
  tabStorage: '存储',
  tabPerf: '性能',
  tabMocks: '模拟',
  tabAccounts: '账户',
  tabContracts: '合约',
  tabData: '数据',
  loadingPanel: '加载中…',
  bridgeTitle: '桥接日志',
  filterText: '按方法筛选',
  filterStatus: '状态',
  filterKind: '类型',
  any: '全部',
  statusOk: '成功',
  statusError: '错误',
  statusPending: '进行中',
  kindCall: '调用',
  kindEvent: '事件',
  kindRefused: '已拒绝',
  pause: '暂停',
  resume: '继续',
  paused: '已暂停：新的调用不会被记录。',
  clear: '清空',
  exportJson: '导出 JSON',
  exportDone: '已导出 {count} 条（敏感值已遮盖）。',
  entriesShown: '{shown} / {total} 条',
  entriesCapped: '仅显示最近 {shown} 条（共 {total} 条匹配）：缩小筛选范围以查看更早的记录。',
  bridgeEmpty: '还没有调用。应用发起调用后会显示在这里。',
  bridgeNoMatch: '没有符合筛选条件的记录。',
  details: '详情',
  hideDetails: '收起详情',
  params: '参数',
  result: '结果',
  error: '错误',
  data: '数据',
  reveal: '显示',
  hide: '重新遮盖',
  revealHint: '签名、令牌和密钥在显示前均被遮盖。',
  mocked: '已模拟',
  fromDevtools: '工作台',
  hostEvent: '事件',
  refused: '已拒绝',
  account: '账户',
  time: '时间',
  duration: '耗时',
  platformTitle: '平台请求',
  platformIntro: '沙盒记录的该应用对平台 API 的请求。',
  live: '实时',
  polling: '轮询',
  offline: '连接断开：正在重试…',
  platformEmpty: '该应用还没有平台请求。',
  method: '方法',
  path: '路径',
  status: '状态',
  problem: '问题类型',
  latency: '延迟',
  idempotencyKey: '幂等键',
  requestId: '请求 ID',
  storageTitle: '存储',
  storageEmpty: '该应用没有存储任何数据。',
  storageUnavailable: '此钱包未提供应用存储。',
  quota: '已用 {used} / {quota}',
  key: '键',
  value: '值（JSON）',
  edit: '编辑',
  save: '保存',
  cancel: '取消',
  remove: '删除',
  removeKey: '删除 {key}',
  editKey: '编辑 {key}',
  addEntry: '新增条目',
  add: '新增',
  clearStorage: '全部清除',
  confirmClear: '删除 {app} 的所有键？',
  badJson: '不是有效的 JSON：{reason}',
  saved: '已保存',
  failed: '失败：{reason}',
  needsOpenApp: '编辑会以应用的身份写入（受其配额限制）：请保持应用打开。',
  grantsTitle: '授权',
  grantsEmpty: '没有账户授权给该应用。',
  revoke: '撤销',
  revokeScope: '撤销 {account} 的 {scope}',
  disconnect: '断开',
  disconnectAccount: '断开 {account}',
  perfTitle: '性能',
  perfEmpty: '该应用还没有性能数据。',
  coldStart: '冷启动',
  coldStartHint: '挂载 → 就绪',
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  max: '最大',
  callsPerSecond: '调用 / 秒',
  calls: '调用数',
  errors: '错误数',
  heap: 'JS 堆',
  heapUnavailable: '此浏览器不提供',
  latencyTitle: '桥接延迟（最近 1,000 次调用）',
  ms: '{value} 毫秒',
}

const tables: Record<WalletLocale, Record<InspectKey, string>> = { en, 'zh-CN': zhCN }

/** The inspect panels' translation function. */
export type InspectT = (key: InspectKey, vars?: Record<string, string | number>) => string

/**
 * The translation function of a wallet language; `{name}` placeholders come from `vars`.
 *
 * @example
 * ```ts
 * inspectTranslator('zh-CN')('tabBridge') // '桥接'
 * ```
 */
export function inspectTranslator(locale: WalletLocale): InspectT {
  const table = tables[locale] ?? en
  return (key, vars) => {
    const text = table[key] ?? en[key]
    return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text
  }
}

/** Every key of the inspect strings (English is the reference table). */
export function inspectKeys(): InspectKey[] {
  return Object.keys(en) as InspectKey[]
}

/**
 * The inspect words in the wallet's current language (from `WalletI18nContext`).
 *
 * @example
 * ```tsx
 * const t = useInspectT()
 * return <h2>{t('bridgeTitle')}</h2>
 * ```
 */
export function useInspectT(): InspectT {
  return inspectTranslator(useContext(WalletI18nContext).locale)
}
