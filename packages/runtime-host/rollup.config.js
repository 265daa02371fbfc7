import { libraryConfig } from '../../rollup.base.js'

// Two entries: the host, and the development workbench's devtools (`@chainless/runtime-host/devtools`),
// which a production wallet never imports, so it ships none of it.
export default libraryConfig({
  dir: import.meta.dirname,
  input: { index: 'src/index.ts', devtools: 'src/devtools/index.ts' },
})
