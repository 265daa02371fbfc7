import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { acquireDataLock, DataDirInUseError, LOCK_FILE } from './data-lock.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chainless-lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

it('refuses while another live process holds the folder, naming it; takes a dead one’s lock over', async () => {
  // a real other process: its pid is alive until we kill it
  const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  await once(other, 'spawn')
  const file = join(dir, LOCK_FILE)
  writeFileSync(
    file,
    JSON.stringify({ pid: other.pid, urls: { wallet: 'http://localhost:8080' }, startedAt: '' }),
  )
  try {
    const error = (() => {
      try {
        acquireDataLock(dir, {})
      } catch (e) {
        return e
      }
    })() as DataDirInUseError
    expect(error).toBeInstanceOf(DataDirInUseError)
    expect(error.message).toContain(`pid ${other.pid}, wallet http://localhost:8080`)
    expect(error.message).toContain('--data-dir')
    expect(error.message).not.toContain('\n')
  } finally {
    other.kill('SIGKILL')
    await once(other, 'exit')
  }
  const lock = acquireDataLock(dir, { wallet: 'http://localhost:1' })
  expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid })
  // a second sandbox in this same process is refused too
  expect(() => acquireDataLock(dir, {})).toThrow(DataDirInUseError)
  lock.release()
  lock.release()
  expect(existsSync(file)).toBe(false)
})

it('treats an unreadable lock as stale', () => {
  writeFileSync(join(dir, LOCK_FILE), '{garbage')
  const lock = acquireDataLock(dir, {})
  lock.release()
})
