// The words of the workbench's simulate panels (Mocks, Accounts, Contracts, Data), English and
// Simplified Chinese. The language is the wallet's (WalletI18nContext in ui/env.ts); these tables load
// with the workbench's chunk only.
import { useContext } from 'preact/hooks'
import { WalletI18nContext } from '../ui/env.js'
import type { WalletLocale } from '../ui/strings.js'

/** English: the key set every language provides. */
const en = {
  failed: 'Failed: {reason}',
  noApp: 'Open a mini-program first.',
  refresh: 'Refresh',
  // Mocks
  mocksTitle: 'Mock responses',
  mocksIntro:
    'Rules the host applies before its real handler, per app and method (a bridge method or an EIP-1193 method such as eth_sendTransaction). They persist with the sandbox.',
  ruleApp: 'App',
  ruleMethod: 'Method',
  ruleAccount: 'Account',
  anyAccount: 'Any account',
  ruleAction: 'Action',
  actionError: 'Error',
  actionResult: 'Fixed result',
  actionDelay: 'Delay, then the real handler',
  errorCode: 'Error code',
  code4001: '4001 User rejected',
  code4100: '4100 Unauthorized',
  code4200: '4200 Unsupported method',
  code32603: '-32603 Internal error',
  codeCustom: 'Another code',
  customCode: 'Code',
  errorMessage: 'Message (optional)',
  resultJson: 'Result (JSON)',
  delayMs: 'Delay (ms)',
  addRule: 'Add rule',
  rules: 'Rules',
  rulesNone: 'No rules: every call reaches its real handler.',
  ruleOn: 'On',
  ruleOff: 'Off',
  toggleRule: 'Rule {method} enabled',
  deleteRule: 'Delete rule {method}',
  delete: 'Delete',
  clearAll: 'Clear all',
  rulesSaved: 'Saved {count} rules with the sandbox.',
  rulesError: 'Rules not saved: {reason}',
  rulesLoadError: 'Could not load the sandbox’s rules: {reason}',
  invalidJson: 'The result is not valid JSON: {reason}',
  invalidCode: 'The error code must be an integer.',
  invalidDelay: 'The delay must be a whole number of ms, 0 to 60,000.',
  invalidMethod: 'Name a method, or * for every method.',
  summaryError: 'error {code}',
  summaryResult: 'result {json}',
  summaryDelay: 'delay {ms} ms',
  knobsTitle: 'Platform API knobs',
  knobsIntro:
    'Slow down or break the platform API per operation: latency, a failure rate, the next N calls failing, a forced status.',
  // Accounts
  accountsTitle: 'Test accounts',
  accountsIntro:
    'The sandbox mnemonic’s accounts, plus those you create or import. Imported keys are kept encrypted in this browser (AES-GCM, a key that cannot be exported).',
  current: 'Current',
  imported: 'Imported',
  switchTo: 'Switch',
  switchToName: 'Switch to {address}',
  switched: 'Switched to {address}.',
  presetLabel: 'Permissions of {address}',
  presetNormal: 'Normal',
  presetRejectAll: 'Rejects every request',
  presetReadOnly: 'Read-only',
  nonce: 'nonce {n}',
  noNfts: 'no CRC721',
  nfts: 'CRC721 #{ids}',
  createAccount: 'Create account',
  created: 'Created {address}.',
  importTitle: 'Import a private key',
  privateKey: 'Private key (0x + 64 hex digits)',
  importAction: 'Import',
  importedDone: 'Imported {address}.',
  importInvalid: 'Not a private key: expected 0x and 64 hex digits of a valid key.',
  importDuplicate: 'This account is already in the list.',
  importTooMany: 'Too many accounts.',
  balancesTitle: 'Balances and tokens',
  targetAccount: 'Account',
  asset: 'Asset',
  amount: 'Amount',
  setBalance: 'Set balance',
  balanceSet: '{asset} balance of {address} set to {amount}.',
  mint721: 'Mint CRC721',
  mint1155: 'Mint CRC1155',
  tokenId: 'Token id',
  minted: 'Minted {asset} #{id} to {address}.',
  // Contracts
  contractsTitle: 'Contracts',
  contractsIntro:
    'The open app’s manifest contracts and the sandbox’s. Reads go through the platform’s RPC; writes open the real sheets as the app; Simulate shows the outcome, gas and fee before anything is signed.',
  contractsNone: 'No contracts yet: deploy one below.',
  contract: 'Contract',
  fromManifest: 'manifest',
  fromStandard: 'standard',
  fromDeployed: 'deployed',
  readMethods: 'Read',
  writeMethods: 'Write',
  noMethods: 'No methods.',
  call: 'Call',
  send: 'Send',
  simulate: 'Simulate',
  value: 'Value (wei)',
  sendNeedsApp: 'Open the app to send as it.',
  simOk: 'Would succeed',
  simReverted: 'Would revert',
  gas: 'Gas',
  fee: 'Fee',
  reason: 'Reason',
  returns: 'Returns',
  txSent: 'Sent: {hash}',
  badArg: 'Argument {name}: {reason}',
  deployTitle: 'Deploy a contract',
  deploySolidity: 'Solidity file',
  deployArtifact: 'Artifact (ABI + bytecode)',
  source: 'Solidity source (one file, no imports)',
  artifact: 'Artifact JSON: {"abi": [...], "bytecode": "0x..."}',
  chooseFile: 'Or choose a file',
  contractName: 'Contract name (optional)',
  constructorArgs: 'Constructor arguments (JSON array, optional)',
  deploy: 'Deploy',
  deployed: 'Deployed {name} at {address}.',
  deployFailed: 'Deploy failed: {reason}',
  badArtifact: 'The artifact needs "abi" (an array) and "bytecode" (0x hex).',
  badArgs: 'Constructor arguments must be a JSON array.',
  fileTooLarge: 'The file is larger than 256 KiB.',
  // Data
  dataTitle: 'Reset the app’s data',
  dataIntro:
    'Clears the open app’s data only: its host storage, its grants for every account, the wallet’s pending transactions and the platform’s data (storage, tokens, messages, analytics, webhooks). Other apps keep theirs.',
  resetApp: 'Reset {app}',
  resetDone: 'Reset {app}.',
  resetPartial: 'Reset {app}, but some parts failed.',
  partStorage: 'Host storage',
  partGrants: 'Grants',
  partTransactions: 'Pending transactions',
  partPlatform: 'Platform',
  partCleared: 'cleared',
  grantsCleared: '{count} accounts',
  txCleared: '{count} dropped',
}

/** Every key of the simulate strings. */
export type SimulateKey = keyof typeof en

const zhCN: Record<SimulateKey, string> = {
  failed: '失败：{reason}',
  noApp: '请先打开一个小程序。',
  refresh: '刷新',
  mocksTitle: '模拟响应',
  mocksIntro:
    '宿主在真实处理之前按应用和方法应用的规则（桥接方法，或 eth_sendTransaction 等 EIP-1193 方法）。规则保存在沙盒中。',
  ruleApp: '应用',
  ruleMethod: '方法',
  ruleAccount: '账户',
  anyAccount: '任意账户',
  ruleAction: '动作',
  actionError: '错误',
  actionResult: '固定结果',
  actionDelay: '延迟后交给真实处理',
  errorCode: '错误码',
  code4001: '4001 用户拒绝',
  code4100: '4100 未授权',
  code4200: '4200 不支持的方法',
  code32603: '-32603 内部错误',
  codeCustom: '其他错误码',
  customCode: '错误码',
  errorMessage: '消息（可选）',
  resultJson: '结果（JSON）',
  delayMs: '延迟（毫秒）',
  addRule: '添加规则',
  rules: '规则',
  rulesNone: '没有规则：所有调用都交给真实处理。',
  ruleOn: '开',
  ruleOff: '关',
  toggleRule: '规则 {method} 已启用',
  deleteRule: '删除规则 {method}',
  delete: '删除',
  clearAll: '全部清除',
  rulesSaved: '已在沙盒中保存 {count} 条规则。',
  rulesError: '规则未保存：{reason}',
  rulesLoadError: '无法读取沙盒的规则：{reason}',
  invalidJson: '结果不是有效的 JSON：{reason}',
  invalidCode: '错误码必须是整数。',
  invalidDelay: '延迟必须是 0 到 60,000 之间的整数毫秒。',
  invalidMethod: '请填写方法名，或用 * 表示所有方法。',
  summaryError: '错误 {code}',
  summaryResult: '结果 {json}',
  summaryDelay: '延迟 {ms} 毫秒',
  knobsTitle: '平台 API 调节',
  knobsIntro: '按操作减慢或破坏平台 API：延迟、失败率、接下来 N 次调用失败、强制状态码。',
  accountsTitle: '测试账户',
  accountsIntro:
    '沙盒助记词的账户，以及你创建或导入的账户。导入的私钥在本浏览器中加密保存（AES-GCM，密钥不可导出）。',
  current: '当前',
  imported: '已导入',
  switchTo: '切换',
  switchToName: '切换到 {address}',
  switched: '已切换到 {address}。',
  presetLabel: '{address} 的权限',
  presetNormal: '正常',
  presetRejectAll: '拒绝所有请求',
  presetReadOnly: '只读',
  nonce: 'nonce {n}',
  noNfts: '没有 CRC721',
  nfts: 'CRC721 #{ids}',
  createAccount: '创建账户',
  created: '已创建 {address}。',
  importTitle: '导入私钥',
  privateKey: '私钥（0x + 64 位十六进制）',
  importAction: '导入',
  importedDone: '已导入 {address}。',
  importInvalid: '不是私钥：需要 0x 加 64 位十六进制的有效私钥。',
  importDuplicate: '该账户已在列表中。',
  importTooMany: '账户过多。',
  balancesTitle: '余额与代币',
  targetAccount: '账户',
  asset: '资产',
  amount: '数量',
  setBalance: '设置余额',
  balanceSet: '{address} 的 {asset} 余额已设为 {amount}。',
  mint721: '铸造 CRC721',
  mint1155: '铸造 CRC1155',
  tokenId: '代币 ID',
  minted: '已向 {address} 铸造 {asset} #{id}。',
  contractsTitle: '合约',
  contractsIntro:
    '当前应用清单中的合约和沙盒中的合约。读方法经平台 RPC 调用；写方法以该应用身份打开真实的确认面板；“模拟”在签名之前显示结果、Gas 和手续费。',
  contractsNone: '还没有合约：在下方部署一个。',
  contract: '合约',
  fromManifest: '清单',
  fromStandard: '标准',
  fromDeployed: '已部署',
  readMethods: '读',
  writeMethods: '写',
  noMethods: '没有方法。',
  call: '调用',
  send: '发送',
  simulate: '模拟',
  value: '金额（wei）',
  sendNeedsApp: '打开该应用后才能以它的身份发送。',
  simOk: '将会成功',
  simReverted: '将会回滚',
  gas: 'Gas',
  fee: '手续费',
  reason: '原因',
  returns: '返回',
  txSent: '已发送：{hash}',
  badArg: '参数 {name}：{reason}',
  deployTitle: '部署合约',
  deploySolidity: 'Solidity 文件',
  deployArtifact: '编译产物（ABI + 字节码）',
  source: 'Solidity 源码（单个文件，无 import）',
  artifact: '编译产物 JSON：{"abi": [...], "bytecode": "0x..."}',
  chooseFile: '或选择文件',
  contractName: '合约名（可选）',
  constructorArgs: '构造参数（JSON 数组，可选）',
  deploy: '部署',
  deployed: '已部署 {name}，地址 {address}。',
  deployFailed: '部署失败：{reason}',
  badArtifact: '编译产物需要 "abi"（数组）和 "bytecode"（0x 十六进制）。',
  badArgs: '构造参数必须是 JSON 数组。',
  fileTooLarge: '文件超过 256 KiB。',
  dataTitle: '重置应用数据',
  dataIntro:
    '只清除当前应用的数据：宿主存储、所有账户的授权、钱包中待处理的交易，以及平台上的数据（存储、令牌、消息、统计、Webhook）。其他应用不受影响。',
  resetApp: '重置 {app}',
  resetDone: '已重置 {app}。',
  resetPartial: '已重置 {app}，但部分失败。',
  partStorage: '宿主存储',
  partGrants: '授权',
  partTransactions: '待处理交易',
  partPlatform: '平台',
  partCleared: '已清除',
  grantsCleared: '{count} 个账户',
  txCleared: '丢弃 {count} 笔',
}

const tables: Record<WalletLocale, Record<SimulateKey, string>> = { en, 'zh-CN': zhCN }

/** The simulate panels' translation function. */
export type SimulateT = (key: SimulateKey, vars?: Record<string, string | number>) => string

/**
 * The translation function of a wallet language; `{name}` placeholders are filled once from `vars`
 * (a value that itself contains `{x}` is never expanded again).
 *
 * @example
 * ```ts
 * simulateTranslator('zh-CN')('resetApp', { app: 'shop' }) // '重置 shop'
 * ```
 */
export function simulateTranslator(locale: WalletLocale): SimulateT {
  const table = tables[locale] ?? en
  return (key, vars) => {
    const text = table[key] ?? en[key]
    return vars
      ? text.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(vars, k) ? String(vars[k]) : m))
      : text
  }
}

/**
 * Every key (English is the reference table).
 *
 * @example
 * ```ts
 * simulateKeys().includes('clearAll') // true
 * ```
 */
export function simulateKeys(): SimulateKey[] {
  return Object.keys(en) as SimulateKey[]
}

/**
 * The simulate panels' words in the wallet's current language (a hook).
 *
 * @example
 * ```tsx
 * const t = useSimulateT()
 * return <h3>{t('mocksTitle')}</h3>
 * ```
 */
export function useSimulateT(): SimulateT {
  const { locale } = useContext(WalletI18nContext)
  return simulateTranslator(locale)
}
