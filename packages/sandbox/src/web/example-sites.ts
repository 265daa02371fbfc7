import { resolve } from 'node:path'

/**
 * Example apps served from another app's files: the sponsored twin runs web3-demo's bundle on its own
 * origin (`web3-sponsored.localhost`), so the only difference the user sees is who pays the fee.
 */
export const EXAMPLE_APP_FOLDERS: Readonly<Record<string, string>> = Object.freeze({
  'web3-sponsored': 'web3-demo',
})

/**
 * The folder of each example app under the built `public/` folder (`public/apps/<folder>`).
 *
 * @example
 * ```ts
 * exampleAppDirs('/pkg/public', ['hello', 'web3-sponsored'])
 * // Map { 'hello' => '/pkg/public/apps/hello', 'web3-sponsored' => '/pkg/public/apps/web3-demo' }
 * ```
 */
export function exampleAppDirs(publicDir: string, appIds: readonly string[]): Map<string, string> {
  return new Map(
    appIds.map((appId) => {
      const folder = Object.hasOwn(EXAMPLE_APP_FOLDERS, appId) ? EXAMPLE_APP_FOLDERS[appId]! : appId
      return [appId, resolve(publicDir, 'apps', folder)]
    }),
  )
}
