import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@chainless\/protocol\/schemas$/, replacement: src('protocol/src/schemas.ts') },
      { find: /^@chainless\/protocol$/, replacement: src('protocol/src/index.ts') },
      { find: /^@chainless\/node-sdk$/, replacement: src('node-sdk/src/index.ts') },
      { find: /^@chainless\/js-sdk\/auth$/, replacement: src('js-sdk/src/auth/index.ts') },
      { find: /^@chainless\/js-sdk\/wallet$/, replacement: src('js-sdk/src/wallet/index.ts') },
      { find: /^@chainless\/js-sdk\/storage$/, replacement: src('js-sdk/src/storage/index.ts') },
      { find: /^@chainless\/js-sdk\/network$/, replacement: src('js-sdk/src/network/index.ts') },
      { find: /^@chainless\/js-sdk\/events$/, replacement: src('js-sdk/src/events/index.ts') },
      { find: /^@chainless\/js-sdk$/, replacement: src('js-sdk/src/index.ts') },
      { find: /^@chainless\/runtime-host$/, replacement: src('runtime-host/src/index.ts') },
      {
        find: /^@chainless\/runtime-host\/devtools$/,
        replacement: src('runtime-host/src/devtools/index.ts'),
      },
      { find: /^@chainless\/ui-kit$/, replacement: src('ui-kit/src/index.ts') },
      { find: /^@chainless\/ui-kit\/adapter$/, replacement: src('ui-kit/src/adapter.tsx') },
      { find: /^@chainless\/ui-kit\/actions$/, replacement: src('ui-kit/src/actions.tsx') },
      { find: /^@chainless\/ui-kit\/locales\/zh-CN$/, replacement: src('ui-kit/src/locales/zh-CN.ts') },
    ],
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    include: [
      'packages/*/src/**/*.test.{ts,tsx}',
      'packages/*/test/**/*.test.{ts,tsx}',
      'examples/*/src/**/*.test.{ts,tsx}',
    ],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
