// The main entry must ship none of the devtools: a production wallet that never imports
// `@chainless/runtime-host/devtools` gets no log, masking or mock code.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const MARKERS = [
  'createBridgeLog',
  'createMockRules',
  'InvalidMockRuleError',
  'maskSensitive',
  'createPerfMonitor',
  '••••',
  'verifier|password',
]

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    packages: 'external',
    write: false,
    treeShaking: true,
    logLevel: 'silent',
    charset: 'utf8',
  })
  return result.outputFiles[0]!.text
}

describe('entry isolation', () => {
  it('the main entry bundles none of the devtools; the devtools entry has them all', {
    timeout: 30_000,
  }, async () => {
    const [main, devtools] = await Promise.all([bundle('../index.ts'), bundle('./index.ts')])
    for (const marker of MARKERS) {
      expect(main, marker).not.toContain(marker)
      expect(devtools, marker).toContain(marker)
    }
  })
})
