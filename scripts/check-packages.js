// Checks what npm would publish: publint (package.json / exports / files) and
// @arethetypeswrong/cli (types resolve for every module resolution the package claims).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'

const packages = ['protocol', 'js-sdk', 'runtime-host', 'ui-kit', 'node-sdk', 'sandbox']
let failed = 0
let passed = 0

for (const name of packages) {
  const dir = `packages/${name}`
  if (!existsSync(`${dir}/package.json`)) {
    failed++
    console.error(`✘ ${dir}: no package.json`)
    continue
  }
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'))
  const { messages } = await publint({ pkgDir: dir, level: 'warning', strict: true })
  const problems = messages.map((m) => formatMessage(m, pkg))
  const dual = Boolean(pkg.exports?.['.']?.require)
  const attwArgs = ['attw', '--pack', dir, '--format', 'ascii', '--profile', dual ? 'node16' : 'esm-only']
  try {
    execFileSync('npx', attwArgs, { stdio: 'pipe', encoding: 'utf8' })
  } catch (error) {
    problems.push(`attw: ${error.stdout || error.message}`)
  }
  if (problems.length > 0) {
    failed++
    console.error(`✘ ${pkg.name}\n  ${problems.join('\n  ')}`)
  } else {
    passed++
    console.log(`✓ ${pkg.name} (publint, attw ${dual ? 'node16' : 'esm-only'})`)
  }
}
console.log(`packages: ${passed} passed, ${failed} failed`)
process.exit(failed > 0 ? 1 : 0)
