import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ChainlessError, SCOPES, type Scope } from '@chainless/protocol'
import { slug } from '../store/apps.js'
import { scaffoldFiles } from './templates.js'

/** A scaffold that cannot be written (folder not empty) or built. */
export class ScaffoldError extends ChainlessError {
  override name = 'ScaffoldError'
  readonly code = 'scaffold_failed'
}

const packageDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')

/** The workspace js-sdk beside this package (a checkout of the repository), or undefined (installed). */
function workspaceJsSdk(): { dir: string; root: string } | undefined {
  // dist/ or src/scaffold/ → the package folder → packages/
  for (const up of [resolve(packageDir, '..'), resolve(packageDir, '..', '..')]) {
    const dir = join(up, 'js-sdk')
    if (existsSync(join(dir, 'package.json'))) return { dir, root: resolve(up, '..') }
  }
  return undefined
}

/** What {@link createScaffold} wrote. */
export interface Scaffold {
  dir: string
  appId: string
  /** The js-sdk dependency written: `file:…` inside this repository, else the registry range. */
  jsSdk: string
}

/**
 * Writes a new mini-program folder (`chainless-sandbox new <name>`): TypeScript, an esbuild build
 * script, and a first screen that connects, signs and sends through the wallet.
 * @throws {ScaffoldError} when the folder exists and is not empty (nothing is overwritten)
 * @example
 * ```ts
 * const { dir } = createScaffold('My App', process.cwd()) // ./my-app
 * ```
 */
export function createScaffold(name: string, parent: string): Scaffold {
  const appId = slug(name)
  const dir = resolve(parent, appId)
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new ScaffoldError(`${dir} exists and is not empty: pick another name`)
  }
  const sdk = workspaceJsSdk()
  // Inside this repository the workspace's js-sdk resolves from the root node_modules; the file: path
  // says where it comes from. Elsewhere: the registry name (or a tarball of `npm run pack`).
  const inRepo = sdk !== undefined && `${dir}${sep}`.startsWith(`${sdk.root}${sep}`)
  const jsSdk = inRepo ? `file:${relative(dir, sdk.dir).split(sep).join('/')}` : '^0.1.0'
  for (const [path, text] of Object.entries(scaffoldFiles({ name, appId, jsSdk }))) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text, { flag: 'wx' })
  }
  return { dir, appId, jsSdk }
}

/** Whether `dir` is a scaffolded project (a build script and sources): `--app` builds and serves dist/. */
export function isScaffold(dir: string): boolean {
  return existsSync(join(dir, 'build.mjs')) && existsSync(join(dir, 'src'))
}

/** The scopes a project asks for in package.json `chainless.scopes` (unknown ones dropped). */
export function projectScopes(dir: string): Scope[] | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8').slice(0, 100_000)) as {
      chainless?: { scopes?: unknown }
    }
    const list = pkg.chainless?.scopes
    if (!Array.isArray(list)) return undefined
    return list.slice(0, 50).filter((s): s is Scope => (SCOPES as readonly unknown[]).includes(s))
  } catch {
    return undefined
  }
}

/**
 * Builds a scaffolded project once (so the first request finds dist/), then keeps esbuild watching it.
 * @throws {ScaffoldError} when the first build fails (its output in the message's details)
 */
export function startDevBuild(dir: string): { close(): void } {
  const first = spawnSync(process.execPath, ['build.mjs'], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
  if (first.status !== 0) {
    const why = `${first.stderr ?? ''}${first.error?.message ?? ''}`.trim().split('\n').slice(-3).join(' | ')
    throw new ScaffoldError(`Building ${dir} failed: ${why.slice(0, 300)}`)
  }
  const child: ChildProcess = spawn(process.execPath, ['build.mjs', '--watch'], { cwd: dir, stdio: 'ignore' })
  return {
    close() {
      if (child.exitCode === null) child.kill('SIGTERM')
    },
  }
}
