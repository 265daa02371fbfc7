/**
 * Contracts deployed through the workbench (`POST /__sandbox/contracts`), kept in the data directory.
 * The sandbox's chain starts fresh on every start (Ganache in memory) while the store stays: each
 * record keeps the hash of the runtime code it deployed, and the API lists a record only while the
 * chain holds that code at that address.
 * @module
 */
import type { Store } from './store.js'

/** A deployed contract as stored. */
export interface DeployedContractRecord {
  name: string
  /** Checksummed. */
  address: string
  abi: unknown[]
  txHash: string
  chainId: number
  /** keccak256 of the runtime code at `address` right after the deployment. */
  codeHash: string
  deployedAt: number
}

/** How many deployments are kept (the oldest go first). */
export const MAX_DEPLOYED_CONTRACTS = 200

const TABLE = `CREATE TABLE IF NOT EXISTS deployed_contracts (
  address TEXT NOT NULL,
  chainId INTEGER NOT NULL,
  name TEXT NOT NULL,
  abi TEXT NOT NULL,
  txHash TEXT NOT NULL,
  codeHash TEXT NOT NULL,
  deployedAt INTEGER NOT NULL,
  PRIMARY KEY (chainId, address)
)`
const ready = new WeakSet<Store>()
function ensureTable(store: Store): void {
  if (ready.has(store)) return
  store.db.exec(TABLE)
  ready.add(store)
}

/**
 * Records a deployment (replacing an older record at the same address) and keeps the newest
 * {@link MAX_DEPLOYED_CONTRACTS}.
 * @example
 * ```ts
 * recordDeployedContract(store, { name: 'Counter', address, abi, txHash, chainId: 49569, codeHash, deployedAt: Date.now() })
 * ```
 */
export function recordDeployedContract(store: Store, c: DeployedContractRecord): void {
  ensureTable(store)
  store.db.transaction(() => {
    store
      .prepare(
        'INSERT OR REPLACE INTO deployed_contracts (address, chainId, name, abi, txHash, codeHash, deployedAt) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(c.address, c.chainId, c.name, JSON.stringify(c.abi), c.txHash, c.codeHash, c.deployedAt)
    store
      .prepare(
        'DELETE FROM deployed_contracts WHERE rowid NOT IN (SELECT rowid FROM deployed_contracts ORDER BY deployedAt DESC, rowid DESC LIMIT ?)',
      )
      .run(MAX_DEPLOYED_CONTRACTS)
  })()
}

/**
 * The deployments recorded for `chainId`, oldest first.
 * @example
 * ```ts
 * listDeployedContracts(store, 49569).map((c) => c.name)
 * ```
 */
export function listDeployedContracts(store: Store, chainId: number): DeployedContractRecord[] {
  ensureTable(store)
  const rows = store
    .prepare('SELECT * FROM deployed_contracts WHERE chainId = ? ORDER BY deployedAt, rowid')
    .all(chainId) as (Omit<DeployedContractRecord, 'abi'> & { abi: string })[]
  return rows.map((r) => ({ ...r, abi: JSON.parse(r.abi) as unknown[] }))
}
