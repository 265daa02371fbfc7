import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** Bundles a browser entry (resolving @chainless/* to the built packages) into one ESM string. */
export async function bundle(entry: string, minify = false): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    write: false,
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}
