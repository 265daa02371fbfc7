import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { ChainlessError } from '@chainless/protocol'

/** File name of the lock inside the data directory. */
export const LOCK_FILE = 'sandbox.lock'

/** What a running sandbox writes into its lock: who it is and where it listens. */
export interface DataLockInfo {
  pid: number
  /** The URLs it serves (wallet, API, …), to name the other instance. */
  urls: Record<string, string>
  startedAt: string
}

/** Another live sandbox uses this data directory: starting a second would rewrite its data. */
export class DataDirInUseError extends ChainlessError {
  override name = 'DataDirInUseError'
  readonly code = 'data_dir_in_use'
  constructor(
    readonly dataDir: string,
    readonly other: DataLockInfo,
  ) {
    const where = other.urls.wallet ? `, wallet ${other.urls.wallet}` : ''
    super(
      `Another sandbox (pid ${other.pid}${where}) uses ${dataDir}: stop it, or give this one its own --data-dir`,
    )
  }
}

/** A held lock; `release()` removes the file if it is still ours. Idempotent. */
export interface DataLock {
  release(): void
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readLock(file: string): DataLockInfo | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8').slice(0, 10_000)) as Partial<DataLockInfo>
    if (!Number.isSafeInteger(parsed.pid) || (parsed.pid ?? 0) <= 0) return undefined
    return { pid: parsed.pid!, urls: { ...(parsed.urls ?? {}) }, startedAt: String(parsed.startedAt ?? '') }
  } catch {
    return undefined
  }
}

/**
 * Takes the data directory for this process (`dataDir/sandbox.lock`, created exclusively with pid and
 * URLs). A lock of a dead process (a crash, a kill -9) is stale and taken over; one of a live process,
 * this one's excepted, is a {@link DataDirInUseError}.
 *
 * @example
 * ```ts
 * const lock = acquireDataLock(dataDir, { wallet: 'http://localhost:8080' })
 * // ... run ...
 * lock.release()
 * ```
 */
export function acquireDataLock(dataDir: string, urls: Record<string, string>): DataLock {
  const file = join(dataDir, LOCK_FILE)
  const info: DataLockInfo = { pid: process.pid, urls, startedAt: new Date().toISOString() }
  // Two tries: the second after removing a stale lock (a racing starter may win it; then we refuse).
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600)
      try {
        writeSync(fd, JSON.stringify(info))
      } finally {
        closeSync(fd)
      }
      let held = true
      return {
        release() {
          if (held && readLock(file)?.pid === process.pid) rmSync(file, { force: true })
          held = false
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const other = readLock(file)
      // this process's own lock too: a second sandbox in one process would rewrite the first's data
      if (other && (other.pid === process.pid || alive(other.pid)))
        throw new DataDirInUseError(dataDir, other)
      rmSync(file, { force: true })
    }
  }
  throw new DataDirInUseError(dataDir, readLock(file) ?? { pid: 0, urls: {}, startedAt: '' })
}
