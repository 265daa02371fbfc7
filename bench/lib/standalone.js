// @ts-check
// What every benchmark file does when run on its own (`node bench/hmac.js`): merge its entries into
// bench/results.json (same ids replaced) and print them.
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const resultsPath = fileURLToPath(new URL('../results.json', import.meta.url))

/**
 * Whether the module at `moduleUrl` is the script node was started with.
 * @param {string} moduleUrl `import.meta.url`
 */
export function isMain(moduleUrl) {
  return process.argv[1] === fileURLToPath(moduleUrl)
}

/** @param {import('./entry.js').Entry} e */
const ratioLine = (e) => `${e.id}  ${e.value} ${e.unit}  baseline ${e.baseline}  ratio ${e.ratio}`

/**
 * Merges `entries` into bench/results.json and prints one line each.
 * @param {import('./entry.js').Entry[]} entries
 * @param {(entry: import('./entry.js').Entry) => string} [line]
 * @example
 * ```js
 * if (isMain(import.meta.url)) await saveAndPrint(await measureHmac())
 * ```
 */
export async function saveAndPrint(entries, line = ratioLine) {
  /** @type {import('./entry.js').Entry[]} */
  const previous = JSON.parse(await readFile(resultsPath, 'utf8').catch(() => '[]'))
  const ids = new Set(entries.map((e) => e.id))
  await writeFile(
    resultsPath,
    `${JSON.stringify([...previous.filter((e) => !ids.has(e.id)), ...entries], null, 2)}\n`,
  )
  for (const e of entries) console.log(line(e))
}
