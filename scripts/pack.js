// @ts-check
// `npm run pack`: writes an installable tarball of every package to packs/ (the packages are not in
// the npm registry yet) and prints the one `npm install` line that installs them together: a package
// must be installed with the @chainless packages it depends on, or npm looks for them in the registry.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = join(root, 'packs')
const packages = ['protocol', 'js-sdk', 'ui-kit', 'runtime-host', 'node-sdk', 'sandbox']

mkdirSync(out, { recursive: true })
/** @type {Map<string, string>} package name → tarball path */
const tarballs = new Map()
for (const dir of packages) {
  const result = spawnSync(
    'npm',
    ['pack', '--json', '--pack-destination', out, '--workspace', `packages/${dir}`],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
  if (result.status !== 0) process.exit(result.status ?? 1)
  const [info] = JSON.parse(result.stdout)
  tarballs.set(info.name, join(out, info.filename))
}

/** @param {string} name @returns {string[]} the package and the @chainless packages it needs, deps first */
function withDependencies(name, seen = new Set()) {
  if (seen.has(name)) return []
  seen.add(name)
  const dir = packages.find(
    (d) => JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')).name === name,
  )
  const manifest = JSON.parse(readFileSync(join(root, 'packages', String(dir), 'package.json'), 'utf8'))
  const deps = Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith('@chainless/'))
  return [...deps.flatMap((d) => withDependencies(d, seen)), name]
}

process.stdout.write(
  `Tarballs in ${relative(process.cwd(), out) || '.'}/. Install one with what it needs, e.g.:\n`,
)
for (const name of ['@chainless/js-sdk', '@chainless/node-sdk', '@chainless/runtime-host']) {
  const files = withDependencies(name).map((n) => tarballs.get(n))
  process.stdout.write(`  ${name.padEnd(24)} npm install ${files.join(' ')}\n`)
}
