// @ts-check
// First step of `npm start` and `npm test` (plain Node, no dependencies), so either works as the very
// first command on a fresh clone: installs the npm packages when they are missing or older than the
// lock file and, for the tests, checks the system programs they drive (Chromium, redis-server),
// installing them with apt-get when this user can, or saying in one line what to install.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const forTests = process.argv.includes('--test')

/** @param {string} command @param {string[]} args */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const installed = join(root, 'node_modules', '.package-lock.json')
const lock = join(root, 'package-lock.json')
if (!existsSync(installed)) {
  process.stdout.write('Installing the npm packages (first run)…\n')
  run('npm', ['ci', '--no-audit', '--no-fund'])
} else if (statSync(lock).mtimeMs > statSync(installed).mtimeMs) {
  process.stdout.write('Updating the npm packages (package-lock.json changed)…\n')
  run('npm', ['install', '--no-audit', '--no-fund'])
}

if (forTests) {
  /** @param {string} name */
  const onPath = (name) =>
    (process.env.PATH ?? '').split(delimiter).some((dir) => {
      try {
        accessSync(join(dir, name), constants.X_OK)
        return true
      } catch {
        return false
      }
    })
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  /** @type {string[]} */
  const missing = []
  if (!existsSync(chromium)) missing.push('chromium')
  if (!onPath('redis-server')) missing.push('redis-server')
  if (missing.length > 0) {
    const canInstall = process.getuid?.() === 0 && onPath('apt-get')
    if (!canInstall) {
      process.stderr.write(
        `npm test needs ${missing.join(' and ')}: run \`sudo apt-get install -y ${missing.join(' ')}\` (or set CHROMIUM_PATH), then npm test again.\n`,
      )
      process.exit(1)
    }
    process.stdout.write(`Installing ${missing.join(' and ')} with apt-get…\n`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', ...missing],
    ]) {
      const result = spawnSync('apt-get', args, { stdio: 'inherit', env })
      if (result.status !== 0) process.exit(result.status ?? 1)
    }
  }
}
