import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signRequest } from '@chainless/sandbox'
import { expect, test } from '@playwright/test'
import { repoRoot, runSandbox } from './support/sandbox-process.js'

/** GET from 127.0.0.1 with a `Host` header (Node does not resolve `*.localhost`). */
const getWithHost = (port: number, host: string, path: string) =>
  new Promise<string>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = ''
      res.on('data', (chunk) => {
        body += chunk
      })
      res.on('end', () => resolve(body))
    })
      .on('error', reject)
      .end()
  })

const cli = (dataDir: string, ...args: string[]) =>
  spawnSync(
    process.execPath,
    ['packages/sandbox/bin/chainless-sandbox.js', ...args, `--data-dir=${dataDir}`],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    },
  )

test('apps create, list, delist, rotate-key; the store survives a restart and --reset clears it', async () => {
  test.setTimeout(120_000)
  const dataDir = mkdtempSync(join(tmpdir(), 'chainless-cli-'))
  try {
    const created = cli(
      dataDir,
      'apps',
      'create',
      '--name',
      'My Shop',
      '--origin',
      'http://shop.localhost:9999',
      '--scopes',
      'user:basic,asset:read',
    )
    expect(created.status, created.stderr).toBe(0)
    const appId = /appId:\s+(\S+)/.exec(created.stdout)?.[1]
    const appKey = /appKey:\s+(\S+)/.exec(created.stdout)?.[1]
    expect(appId).toMatch(/^my-shop-[0-9a-f]{6}$/)
    expect(appKey?.length).toBeGreaterThanOrEqual(32)

    expect(cli(dataDir, 'apps', 'list').stdout).toContain(
      `${appId}\tlisted\thttp://shop.localhost:9999\tMy Shop`,
    )
    const rotated = cli(dataDir, 'apps', 'rotate-key', appId!, '--grace-hours', '1')
    expect(rotated.status).toBe(0)
    expect(rotated.stdout).toMatch(/previous keys valid until \d{4}-/)
    expect(/appKey:\s+(\S+)/.exec(rotated.stdout)?.[1]).not.toBe(appKey)
    expect(cli(dataDir, 'apps', 'delist', appId!).status).toBe(0)
    expect(cli(dataDir, 'apps', 'list').stdout).toContain(`${appId}\tdelisted`)

    // Bad input: one clear line, exit 2, nothing written.
    const bad = cli(
      dataDir,
      'apps',
      'create',
      '--name',
      'X',
      '--origin',
      'http://x.localhost:1',
      '--scopes',
      'root',
    )
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('Unknown scope "root"')
    expect(bad.stderr).not.toMatch(/\n\s+at /)
    expect(cli(dataDir, 'apps', 'list').stdout).not.toContain('\tX\n')
    for (const args of [
      ['--app', join(dataDir, 'no-such-folder')],
      ['--api-port='],
      ['--chain-id', 'abc'],
      ['apps', 'rotate-key', appId!, '--grace-hours='],
    ]) {
      const refused = cli(dataDir, ...args)
      expect(refused.status, args.join(' ')).toBe(2)
      expect(refused.stderr).toMatch(/^chainless-sandbox: .+\n$/)
    }
    // Listing with another apps port does not move the examples under a running sandbox.
    const origins = cli(dataDir, 'apps', 'list').stdout
    expect(cli(dataDir, 'apps', 'list', '--apps-port', '9999').stdout).toBe(origins)

    // A restart of the whole sandbox keeps the app (and its delisting) in the catalog, and serves an
    // author's own folder (`--app`) on its own origin, listed in the catalog...
    const appDir = join(dataDir, 'my-dist')
    mkdirSync(appDir)
    writeFileSync(join(appDir, 'index.html'), '<!doctype html><title>mine</title><p>my mini-program</p>')
    writeFileSync(join(appDir, '.env'), 'SECRET=1')
    const first = await runSandbox({ dataDir, extraArgs: ['--app', appDir, '--app-id', 'mine'] })
    // A second sandbox on the same store is refused before it listens, naming the first (pid, wallet).
    const ports = ['wallet', 'api', 'apps', 'chain', 'signer'].map((p) => `--${p}-port=0`)
    const second = cli(dataDir, ...ports)
    expect(second.status).toBe(1)
    expect(second.stderr).toMatch(
      new RegExp(
        `^chainless-sandbox: Another sandbox \\(pid \\d+, wallet http://localhost:${first.ports.wallet}\\) uses .+--data-dir\n$`,
      ),
    )
    // the API answers at its root and serves its document naming itself; every origin has an icon
    const root = (await (await fetch(`http://127.0.0.1:${first.ports.api}/`)).json()) as {
      links: { openapi: string }
    }
    expect(root.links.openapi).toBe(`http://localhost:${first.ports.api}/openapi.json`)
    expect((await fetch(`http://127.0.0.1:${first.ports.wallet}/favicon.ico`)).status).toBe(200)
    expect(first.output()).toContain(`your app        http://mine.localhost:${first.ports.apps}`)
    expect(await getWithHost(first.ports.apps, `mine.localhost:${first.ports.apps}`, '/')).toContain(
      'my mini-program',
    )
    expect(await getWithHost(first.ports.apps, `nope.localhost:${first.ports.apps}`, '/')).toContain(
      'no mini-program on this origin',
    )
    // ...prints the key of the app it created, once, and the key authenticates the app (HMAC v2)...
    const printed = /app key \(shown once\):\s+appId (\S+)\s+appKey (\S+)/.exec(first.output())
    expect(printed?.[1]).toBe('mine')
    const path = '/api/v1/apps/me'
    const apiHost = `127.0.0.1:${first.ports.api}`
    const me = await fetch(`http://${apiHost}${path}`, {
      headers: signRequest({ appId: 'mine', appKey: printed![2]!, method: 'GET', host: apiHost, path }),
    })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { manifest: { appId: string } }).manifest.appId).toBe('mine')
    // ...and the dotfiles of the folder stay private.
    expect(await getWithHost(first.ports.apps, `mine.localhost:${first.ports.apps}`, '/.env')).not.toContain(
      'SECRET',
    )
    const mine = await fetch(`http://127.0.0.1:${first.ports.api}/api/v1/apps?q=mine`)
    expect(((await mine.json()) as { apps: { appId: string }[] }).apps.map((a) => a.appId)).toEqual(['mine'])
    const catalog = await fetch(`${first.urls.api}/api/v1/apps?q=shop`.replace('localhost', '127.0.0.1'))
    const { apps } = (await catalog.json()) as { apps: { appId: string; status: string }[] }
    expect(apps.filter((a) => a.appId !== 'web2-shop')).toEqual([
      expect.objectContaining({ appId, status: 'delisted' }),
    ])
    await first.stop()
    // A restart with the same folder reuses the app: no new key is made or printed.
    const again = await runSandbox({ dataDir, extraArgs: ['--app', appDir, '--app-id', 'mine'] })
    expect(again.output()).not.toContain('appKey')
    await again.stop()

    // ...and --reset starts from the seed alone.
    const reset = await runSandbox({ dataDir, extraArgs: ['--reset'] })
    await reset.stop()
    const after = cli(dataDir, 'apps', 'list').stdout
    expect(after).not.toContain(appId!)
    expect(after).toContain('hello\tlisted')
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
})
