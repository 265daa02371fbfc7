import { libraryConfig } from '../../rollup.base.js'

export default libraryConfig({
  dir: import.meta.dirname,
  input: { index: 'src/index.ts' },
  cjs: true,
})
