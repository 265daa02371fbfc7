import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import { ChainlessError, SCOPES, type Scope } from '@chainless/protocol'
import type { RateLimitOptions } from './api/index.js'
import { parseKnobFlags } from './api/index.js'
import { deriveAppId } from './app-dir.js'
import { isAppId } from './app-id.js'
import { defaultDataDir } from './data-dir.js'
import { createScaffold, isScaffold, projectScopes, startDevBuild } from './scaffold/index.js'
import { DEFAULT_PORTS, DEFAULT_SIGNER_PORT, startSandbox } from './start.js'
import {
  attachAppDir,
  createApp,
  delistApp,
  exampleOrigin,
  listApps,
  openStore,
  relistApp,
  rotateAppKey,
  STORE_FILE,
} from './store/index.js'
import { checkWebhookUrl, setWebhookUrl } from './store/webhooks.js'

const HELP = `chainless-sandbox — the Chainless platform on your machine

Usage:
  chainless-sandbox [start] [options]       start chain, platform API, demo wallet, mini-programs
  chainless-sandbox new NAME [--dir PARENT]  scaffold a mini-program (TypeScript, esbuild, js-sdk)
  chainless-sandbox apps create --name NAME (--origin ORIGIN | --dir FOLDER) --scopes a,b [--app-id ID]
                                [--webhook-url URL]   (--dir: served on http://<appId>.localhost:<apps port>)
  chainless-sandbox apps update APP_ID --webhook-url URL   (an empty URL removes it)
  chainless-sandbox apps list [--json]
  chainless-sandbox apps delist APP_ID
  chainless-sandbox apps relist APP_ID
  chainless-sandbox apps rotate-key APP_ID [--grace-hours 24]

Options (env in brackets):
  --wallet-port N   demo wallet           [CHAINLESS_WALLET_PORT] default ${DEFAULT_PORTS.wallet}
  --api-port N      platform API          [CHAINLESS_API_PORT]    default ${DEFAULT_PORTS.api}
  --apps-port N     mini-programs         [CHAINLESS_APPS_PORT]   default ${DEFAULT_PORTS.apps}
  --chain-port N    chain JSON-RPC        [CHAINLESS_CHAIN_PORT]  default ${DEFAULT_PORTS.chain}
  --signer-port N   remote signer         [CHAINLESS_SIGNER_PORT] default ${DEFAULT_SIGNER_PORT}
  --data-dir DIR    the store             [CHAINLESS_DATA_DIR]    default ${defaultDataDir()}
                    (one running sandbox per folder; apps commands other than create need a store)
  --reset           start with an empty store
  --chain-id N      chain id of the local chain
  --app DIR         serve your own mini-program folder too; repeat for more folders. Its app id:
                    --app-id ID (one per --app, in order), else the name in the folder's package.json
                    (the project's for dist/build/public/out), else the folder's (the project's) name
  --knob OP.FIELD=V fault injection, e.g. --knob broadcastTx.latencyMs=500 --knob '*.failureRate=0.1'
                    --knob sendMessage.failNext=2 --knob putStorageValue.failAfterNext=1
                    (fields: latencyMs failureRate status failNext failAfterNext retryAfterSeconds)
  --app-rate-limit BURST/PER_SECOND    per-app gateway limit (HMAC calls), e.g. 300/100
  --allow-origin ORIGIN                another origin a wallet may call the API from (repeatable;
                                       http://localhost:*, 127.0.0.1:* and [::1]:* always may)
  --user-rate-limit BURST/PER_SECOND   per-user gateway limit (bearer calls), e.g. 60/10
  -h, --help
`

/** The flags of every command (parseArgs options). */
const OPTIONS = {
  'wallet-port': { type: 'string' },
  'api-port': { type: 'string' },
  'apps-port': { type: 'string' },
  'chain-port': { type: 'string' },
  'signer-port': { type: 'string' },
  'data-dir': { type: 'string' },
  'chain-id': { type: 'string' },
  reset: { type: 'boolean' },
  app: { type: 'string', multiple: true },
  'app-id': { type: 'string', multiple: true },
  dir: { type: 'string' },
  knob: { type: 'string', multiple: true },
  'webhook-url': { type: 'string' },
  'app-rate-limit': { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  'user-rate-limit': { type: 'string' },
  name: { type: 'string' },
  origin: { type: 'string' },
  scopes: { type: 'string' },
  'grace-hours': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options']

/** Thrown for bad command lines: printed as a message, exit code 2. */
export class UsageError extends ChainlessError {
  override name = 'UsageError'
}

/** An `apps` command on a folder without a store: exit 1, one line naming the folder. */
export class StoreMissingError extends ChainlessError {
  override name = 'StoreMissingError'
  readonly code = 'store_missing'
  constructor(readonly dataDir: string) {
    super(`No sandbox store in ${dataDir}: start the sandbox once, or pass the --data-dir it uses`)
  }
}

/** A whole number from a flag or the environment; empty or non-numeric text is a usage error. */
function wholeNumber(raw: string, what: string, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw new UsageError(`Invalid ${what} "${raw}"`)
  return Number(raw)
}

/**
 * A rate-limit flag `BURST/PER_SECOND` (`300/100`: bursts of 300, 100 tokens a second).
 * @throws {UsageError}
 * @example
 * ```ts
 * rateLimitFlag('60/10', '--user-rate-limit') // { capacity: 60, refillPerSecond: 10 }
 * ```
 */
export function rateLimitFlag(raw: string, what: string): RateLimitOptions {
  const m = /^([1-9][0-9]{0,8})\/([0-9]{1,9}(\.[0-9]{1,6})?)$/.exec(raw)
  if (!m || !(Number(m[2]) > 0))
    throw new UsageError(`Invalid ${what} "${raw.slice(0, 50)}" (BURST/PER_SECOND, e.g. 300/100)`)
  return { capacity: Number(m[1]), refillPerSecond: Number(m[2]) }
}

function port(value: string | undefined, env: string, fallback: number): number {
  const raw = value ?? process.env[env]
  return raw === undefined ? fallback : wholeNumber(raw, 'port', 65535)
}

function scopes(list: string | undefined): Scope[] {
  const items = (list ?? 'user:basic')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const item of items) {
    if (!(SCOPES as readonly string[]).includes(item)) {
      throw new UsageError(`Unknown scope "${item}" (one of ${SCOPES.join(', ')})`)
    }
  }
  return items as Scope[]
}

/** `--app-id` as given: one line naming the rule, instead of the manifest's list of issues. */
function appIdFlag(raw: string): string {
  if (!isAppId(raw)) {
    throw new UsageError(
      `Invalid --app-id "${String(raw).slice(0, 70)}" (1-63 lower-case letters, digits and dashes, not starting with a dash)`,
    )
  }
  return raw
}

/** A folder given on the command line, checked before anything starts: a typo is a usage error. */
function folderFlag(raw: string, flag: string): string {
  const dir = resolve(raw)
  if (!(existsSync(dir) && statSync(dir).isDirectory())) throw new UsageError(`${flag} ${raw}: not a folder`)
  return dir
}

/**
 * The author's folders of `--app` (repeatable) with their ids: `--app-id` pairs with `--app` in order,
 * else the id is derived ({@link deriveAppId}). Two folders on one id are refused, never one kept.
 */
function authorApps(
  dirs: readonly string[],
  ids: readonly string[],
): { appId: string; dir: string; source: string }[] {
  if (ids.length > 0 && ids.length !== dirs.length) {
    throw new UsageError(
      `${ids.length} --app-id for ${dirs.length} --app: give one --app-id per --app (in the same order), or none`,
    )
  }
  const apps = dirs.map((raw, i) => {
    const dir = folderFlag(raw, '--app')
    const id = ids[i]
    return id === undefined ? { dir, ...deriveAppId(dir) } : { dir, appId: appIdFlag(id), source: '--app-id' }
  })
  const seen = new Map<string, string>()
  for (const app of apps) {
    const other = seen.get(app.appId)
    if (other !== undefined) {
      throw new UsageError(
        `--app ${other} and --app ${app.dir} both get app id "${app.appId}": add --app-id for each`,
      )
    }
    seen.set(app.appId, app.dir)
  }
  return apps
}

/** `parseArgs`, with its errors (a flag without its value, an unknown flag) as usage errors: exit 2. */
function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError((error as Error).message.split('\n')[0] ?? 'Invalid command line')
    }
    throw error
  }
}

/** Runs the CLI with `argv` (without node and script). Resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv)
  if (values.help) {
    process.stdout.write(HELP)
    return 0
  }
  const dataDir = resolve(values['data-dir'] ?? process.env.CHAINLESS_DATA_DIR ?? defaultDataDir())
  const [command = 'start', sub, arg] = positionals

  if (command === 'apps') {
    const appsPort = port(values['apps-port'], 'CHAINLESS_APPS_PORT', DEFAULT_PORTS.apps)
    // Only `create` may make a store (and says so); the others on a missing one would answer from an
    // empty store made on the spot: the usual sign of the wrong folder.
    const missing = !existsSync(join(dataDir, STORE_FILE))
    if (missing && sub !== 'create' && sub !== undefined) {
      throw new StoreMissingError(dataDir)
    }
    if (missing && sub === 'create') process.stdout.write(`New store: ${dataDir}\n`)
    // App management seeds a new store but never re-points the examples of an existing one: that would
    // move them to this command's apps port under a running sandbox.
    const store = openStore({ dataDir, appsPort, seed: missing })
    try {
      if (sub === 'create') {
        if (!values.name || !(values.origin || values.dir)) {
          throw new UsageError('apps create needs --name and --origin (or --dir FOLDER)')
        }
        if ((values['app-id']?.length ?? 0) > 1) throw new UsageError('apps create takes one --app-id')
        // checked before the app exists: a bad URL, id or folder creates nothing
        const webhookUrl = values['webhook-url'] ? checkWebhookUrl(values['webhook-url']) : undefined
        const dir = values.dir === undefined ? undefined : folderFlag(values.dir, '--dir')
        const given = values['app-id']?.[0]
        const id =
          given !== undefined ? appIdFlag(given) : dir !== undefined ? deriveAppId(dir).appId : undefined
        const created = store.db.transaction(() => {
          const app = createApp(store, {
            name: values.name!,
            // a folder is served on the app's own origin of the apps server
            origin: values.origin ?? exampleOrigin(id!, appsPort),
            scopes: scopes(values.scopes),
            ...(id ? { appId: id } : {}),
          })
          if (dir) attachAppDir(store, app.appId, dir)
          if (webhookUrl) setWebhookUrl(store, app.appId, webhookUrl)
          return app
        })()
        process.stdout.write(
          `appId:  ${created.appId}\nappKey: ${created.appKey}\nkeyId:  ${created.keyId}\norigin: ${created.manifest.origin}\n`,
        )
        if (dir) process.stdout.write(`folder: ${dir} (served by the next start)\n`)
        process.stdout.write('Keep the app key secret; it is shown once.\n')
      } else if (sub === 'update') {
        if (!arg) throw new UsageError('apps update needs an APP_ID')
        const url = values['webhook-url']
        if (url === undefined) throw new UsageError('apps update needs --webhook-url URL')
        setWebhookUrl(store, arg, url === '' ? null : url)
        process.stdout.write(url === '' ? `${arg}: webhook removed\n` : `${arg}: webhook ${url}\n`)
      } else if (sub === 'list') {
        const apps = listApps(store)
        if (values.json) process.stdout.write(`${JSON.stringify(apps, null, 2)}\n`)
        else for (const a of apps) process.stdout.write(`${a.appId}\t${a.status}\t${a.origin}\t${a.name}\n`)
      } else if (sub === 'delist') {
        if (!arg) throw new UsageError('apps delist needs an APP_ID')
        delistApp(store, arg)
        process.stdout.write(`${arg} delisted\n`)
      } else if (sub === 'relist') {
        if (!arg) throw new UsageError('apps relist needs an APP_ID')
        relistApp(store, arg)
        process.stdout.write(`${arg} listed\n`)
      } else if (sub === 'rotate-key') {
        if (!arg) throw new UsageError('apps rotate-key needs an APP_ID')
        const hours = wholeNumber(values['grace-hours'] ?? '24', '--grace-hours', 24 * 365)
        const rotated = rotateAppKey(store, arg, { graceMs: hours * 3_600_000 })
        process.stdout.write(
          `appKey: ${rotated.appKey}\nkeyId:  ${rotated.keyId}\nprevious keys valid until ${new Date(rotated.previousKeysExpireAt).toISOString()}\n`,
        )
      } else {
        throw new UsageError(
          `Unknown apps command "${sub ?? ''}" (create, update, list, delist, relist, rotate-key)`,
        )
      }
    } finally {
      store.close()
    }
    return 0
  }
  if (command === 'new') {
    if (!sub) throw new UsageError('new needs a NAME, e.g. chainless-sandbox new my-app')
    const made = createScaffold(
      sub,
      values.dir === undefined ? process.cwd() : folderFlag(values.dir, '--dir'),
    )
    process.stdout.write(
      [
        `Created ${made.dir} (app id ${made.appId}; @chainless/js-sdk ${made.jsSdk})`,
        made.jsSdk.startsWith('file:')
          ? '  inside this repository: nothing to install'
          : '  npm install   (the packages are not in the registry yet: `npm run pack` in the Chainless repository, then npm install <its tarballs>)',
        `  chainless-sandbox --app ${made.dir}   (or npm start -- --app ${made.dir} in the repository)`,
        '',
      ].join('\n'),
    )
    return 0
  }
  if (command !== 'start') throw new UsageError(`Unknown command "${command}"`)

  const started = performance.now()
  const chainId =
    values['chain-id'] === undefined
      ? undefined
      : wholeNumber(values['chain-id'], '--chain-id', Number.MAX_SAFE_INTEGER)
  if (chainId === 0) throw new UsageError('--chain-id must be a positive integer')
  // The author's folders are checked before anything starts: a typo is a usage error, not a stack.
  const mine = authorApps(values.app ?? [], values['app-id'] ?? [])
  // A scaffolded project is built on start and watched; its dist/ is what gets served.
  const builds = mine.filter((app) => isScaffold(app.dir)).map((app) => startDevBuild(app.dir))
  const stopBuilds = () => {
    for (const build of builds) build.close()
  }
  const sandbox = await startSandbox({
    ports: {
      wallet: port(values['wallet-port'], 'CHAINLESS_WALLET_PORT', DEFAULT_PORTS.wallet),
      api: port(values['api-port'], 'CHAINLESS_API_PORT', DEFAULT_PORTS.api),
      apps: port(values['apps-port'], 'CHAINLESS_APPS_PORT', DEFAULT_PORTS.apps),
      chain: port(values['chain-port'], 'CHAINLESS_CHAIN_PORT', DEFAULT_PORTS.chain),
    },
    signerPort: port(values['signer-port'], 'CHAINLESS_SIGNER_PORT', DEFAULT_SIGNER_PORT),
    dataDir,
    reset: values.reset ?? false,
    ...(chainId ? { chainId } : {}),
    ...(values.knob ? { knobs: parseKnobFlags(values.knob) } : {}),
    api: {
      ...(values['allow-origin'] ? { allowedOrigins: values['allow-origin'].map(originFlag) } : {}),
      rateLimits: {
        ...(values['app-rate-limit']
          ? { app: rateLimitFlag(values['app-rate-limit'], '--app-rate-limit') }
          : {}),
        ...(values['user-rate-limit']
          ? { user: rateLimitFlag(values['user-rate-limit'], '--user-rate-limit') }
          : {}),
      },
    },
    ...(mine.length
      ? {
          apps: mine.map(({ appId, dir }) => {
            const scopes = projectScopes(dir)
            return { appId, dir: isScaffold(dir) ? join(dir, 'dist') : dir, ...(scopes ? { scopes } : {}) }
          }),
        }
      : {}),
  }).catch((error: unknown) => {
    stopBuilds()
    throw error
  })
  const ms = Math.round(performance.now() - started)
  process.stdout.write(
    [
      `Chainless sandbox ready in ${ms} ms`,
      `  demo wallet     ${sandbox.urls.wallet}`,
      `  platform API    ${sandbox.urls.api}`,
      `  mini-programs   ${sandbox.urls.apps}  (hello: ${sandbox.appOrigin('hello')})`,
      ...(sandbox.urls.shop
        ? [`  web2-shop       ${sandbox.appOrigin('web2-shop')}  (its back end ${sandbox.urls.shop})`]
        : []),
      ...mine.map(
        ({ appId, dir, source }) =>
          `  your app        ${sandbox.appOrigin(appId)}  (${dir}; app id from ${source})`,
      ),
      ...sandbox.attachedApps.map(({ appId, dir, served }) =>
        served
          ? `  attached app    ${sandbox.appOrigin(appId)}  (${dir})`
          : `  attached app    ${appId}: ${dir} is not a folder; not served`,
      ),
      // The key of an app created for --app is shown once, here: it signs the app's back-end requests.
      ...sandbox.createdKeys.flatMap(({ appId: id, appKey }) => [
        `  app key (shown once): appId ${id}  appKey ${appKey}`,
        "    (keep it secret: it signs your back end's requests; rotate with `apps rotate-key`)",
      ]),
      ...(sandbox.droppedBroadcasts
        ? [
            `  dropped         ${sandbox.droppedBroadcasts} pending transaction(s) of an earlier chain (status: dropped)`,
          ]
        : []),
      `  chain JSON-RPC  ${sandbox.urls.rpc}  (chain id ${sandbox.chain.chainId})`,
      `  remote signer   ${sandbox.urls.signer}  (RemoteSigner + passkeys; test keys)`,
      `  data            ${dataDir}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  )
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      done()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  process.stdout.write('Stopping…\n')
  stopBuilds()
  await sandbox.close()
  process.stdout.write('Stopped.\n')
  return 0
}

/** `--allow-origin`'s value: an http(s) origin exactly (no path), else a usage error. */
function originFlag(value: string): string {
  try {
    const url = new URL(value)
    if (/^https?:$/.test(url.protocol) && url.origin === value) return value
  } catch {}
  throw new UsageError(
    `--allow-origin expects an origin such as https://wallet.test, not "${value.slice(0, 80)}"`,
  )
}
