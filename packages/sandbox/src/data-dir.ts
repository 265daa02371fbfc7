import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * The default store location, one per user whatever the working directory (so `apps list` from another
 * folder finds the same store): `$XDG_DATA_HOME/chainless-sandbox`, else
 * `~/.local/share/chainless-sandbox`. `CHAINLESS_DATA_DIR` and `--data-dir` override it.
 *
 * @example
 * ```ts
 * defaultDataDir({ XDG_DATA_HOME: '/data' }) // '/data/chainless-sandbox'
 * ```
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env.XDG_DATA_HOME
  // XDG Base Directory: a relative value is invalid and ignored
  if (xdg?.startsWith('/')) return join(xdg, 'chainless-sandbox')
  return resolve(home, '.local', 'share', 'chainless-sandbox')
}
