// `npm start`: build what is missing or stale (a fresh clone builds everything once), then run the
// sandbox CLI's bin in this process so Ctrl-C reaches it directly.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

function newest(dir) {
  if (!existsSync(dir)) return 0
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'public') continue
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

const sources = [
  'packages/protocol',
  'packages/js-sdk',
  'packages/ui-kit',
  'packages/runtime-host',
  'packages/sandbox',
  'examples',
]
const built = ['packages/sandbox/dist/cli.js', 'packages/sandbox/public/wallet/wallet.js']
const builtAt = Math.min(
  ...built.map((f) => (existsSync(join(root, f)) ? statSync(join(root, f)).mtimeMs : 0)),
)
const sourcesAt = Math.max(...sources.map((d) => newest(join(root, d))))
if (builtAt === 0 || sourcesAt > builtAt) {
  process.stdout.write('Building the packages (first start or sources changed)…\n')
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

// The same entry as `npx chainless-sandbox`: it reads process.argv and prints errors as one line.
await import('../packages/sandbox/bin/chainless-sandbox.js')
