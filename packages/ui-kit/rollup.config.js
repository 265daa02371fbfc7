import { libraryConfig } from '../../rollup.base.js'

const [js, types] = libraryConfig({
  dir: import.meta.dirname,
  input: {
    index: 'src/index.ts',
    adapter: 'src/adapter.tsx',
    actions: 'src/actions.tsx',
    'locales/zh-CN': 'src/locales/zh-CN.ts',
  },
  jsx: true,
})

// One output file per source module, so that an app importing one component (say Button) bundles
// that component and its styles only, not the strings, sheets and hashing of the rest of the kit.
for (const output of [js.output].flat()) {
  output.preserveModules = true
  output.preserveModulesRoot = 'src'
}

export default [js, types]
