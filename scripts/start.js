// `npm start`: build what is missing or stale (a fresh clone builds everything once), then run the
// sandbox CLI in this process so Ctrl-C reaches it directly.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname

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

const { main } = await import('../packages/sandbox/dist/cli.js')
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const known = error && (error.code || error.name === 'UsageError' || error.name === 'KnobsError')
    process.stderr.write(`chainless-sandbox: ${known ? error.message : (error?.stack ?? String(error))}\n`)
    process.exit(error?.name === 'UsageError' ? 2 : 1)
  },
)
