import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { slug } from './store/apps.js'

/** Folder names that are a build output, not a project: the id comes from the project around them. */
const OUTPUT_FOLDERS = new Set(['dist', 'build', 'public', 'out'])

/** An appId derived from a served folder, and where it came from (printed, so the author knows). */
export interface DerivedAppId {
  appId: string
  /** e.g. `package.json name "@me/shop"`, `folder name "shop"`. */
  source: string
}

/** The `name` of `dir/package.json` without its scope, or undefined (missing, unreadable, no name). */
function packageName(dir: string): string | undefined {
  const file = join(dir, 'package.json')
  if (!existsSync(file)) return undefined
  try {
    // a package.json is small; a huge or broken one just does not name the app
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8').slice(0, 100_000))
    const name = (parsed as { name?: unknown } | null)?.name
    return typeof name === 'string' && name.trim() ? name : undefined
  } catch {
    return undefined
  }
}

/**
 * The appId of an author's folder served with `--app DIR` (no `--app-id`): the `name` of its
 * package.json, or of its parent's when the folder is a build output (`dist`, `build`, `public`, `out`),
 * else the folder's name (the parent's for a build output). So `--app ./dist` of two projects gives
 * two ids, not `dist` twice.
 *
 * @example
 * ```ts
 * deriveAppId('/home/me/shop/dist') // { appId: 'shop', source: 'package.json name "shop"' }
 * ```
 */
export function deriveAppId(dir: string): DerivedAppId {
  const output = OUTPUT_FOLDERS.has(basename(dir).toLowerCase())
  const project = output ? dirname(dir) : dir
  const name = packageName(dir) ?? (output ? packageName(project) : undefined)
  if (name) return { appId: slug(name.replace(/^@[^/]+\//, '')), source: `package.json name "${name}"` }
  const folder = basename(project)
  return { appId: slug(folder), source: `folder name "${folder}"` }
}
