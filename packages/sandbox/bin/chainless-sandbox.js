#!/usr/bin/env node
// The sandbox CLI. Errors with a `code` (port in use, bad flags, unknown app) print one line, no stack.
import { main } from '../dist/cli.js'

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const known = error && (error.code || error.name === 'UsageError' || error.name === 'KnobsError')
    process.stderr.write(`chainless-sandbox: ${known ? error.message : (error?.stack ?? String(error))}\n`)
    process.exit(error?.name === 'UsageError' || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? 2 : 1)
  },
)
