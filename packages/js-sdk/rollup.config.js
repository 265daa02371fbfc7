import { libraryConfig } from '../../rollup.base.js'

// Two entries share one bridge chunk (one module state per page, whichever entry is imported first).
export default libraryConfig({
  dir: import.meta.dirname,
  input: { index: 'src/index.ts', wallet: 'src/wallet/index.ts' },
  cjs: true,
})
