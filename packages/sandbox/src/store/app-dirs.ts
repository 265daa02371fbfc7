import { getApp } from './apps.js'
import type { Store } from './store.js'

/**
 * Folders attached to apps (`apps create --dir`): the sandbox serves each on its app's origin at start.
 * Created on every open (added after schema version 1: an existing store gains it without a reset).
 */
export const APP_DIRS_TABLE = `
CREATE TABLE IF NOT EXISTS app_dirs (
  appId TEXT PRIMARY KEY REFERENCES apps(appId) ON DELETE CASCADE,
  dir TEXT NOT NULL
);
`

/**
 * Attaches a folder (absolute path) to an existing app: `startSandbox` serves it on the app's origin.
 * @throws {AppNotFoundError}
 * @example
 * ```ts
 * attachAppDir(store, 'shop', '/home/me/shop/dist')
 * ```
 */
export function attachAppDir(store: Store, appId: string, dir: string): void {
  getApp(store, appId)
  store
    .prepare(
      'INSERT INTO app_dirs (appId, dir) VALUES (?, ?) ON CONFLICT(appId) DO UPDATE SET dir = excluded.dir',
    )
    .run(appId, dir)
}

/** The attached folders, by appId. */
export function listAppDirs(store: Store): { appId: string; dir: string }[] {
  return store.prepare('SELECT appId, dir FROM app_dirs ORDER BY appId').all() as {
    appId: string
    dir: string
  }[]
}
