import { libraryConfig } from '../../rollup.base.js'

// The entries share one bridge chunk (one module state per page, whichever entry is imported first).
export default libraryConfig({
  dir: import.meta.dirname,
  input: {
    index: 'src/index.ts',
    wallet: 'src/wallet/index.ts',
    auth: 'src/auth/index.ts',
    storage: 'src/storage/index.ts',
    network: 'src/network/index.ts',
    events: 'src/events/index.ts',
  },
  cjs: true,
})
