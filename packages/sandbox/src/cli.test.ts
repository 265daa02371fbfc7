import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main, rateLimitFlag, StoreMissingError, UsageError } from './cli.js'
import { listAppDirs, listApps, openStore, STORE_FILE } from './store/index.js'
import { getWebhookUrl } from './store/webhooks.js'

describe('rateLimitFlag', () => {
  it('parses BURST/PER_SECOND', () => {
    expect(rateLimitFlag('300/100', '--app-rate-limit')).toEqual({ capacity: 300, refillPerSecond: 100 })
    expect(rateLimitFlag('5/0.5', '--user-rate-limit')).toEqual({ capacity: 5, refillPerSecond: 0.5 })
  })
  it.each(['', '0/1', '10/0', '10', '10/-1', 'a/b', '10/1/2'])('refuses %j', (raw) => {
    expect(() => rateLimitFlag(raw, '--app-rate-limit')).toThrow(UsageError)
  })
})

describe('apps create|update --webhook-url', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  it('stores a loopback URL; a bad one creates nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chainless-cli-'))
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      const base = [
        'apps',
        'create',
        '--data-dir',
        dir,
        '--name',
        'Shop',
        '--origin',
        'http://shop.localhost:9',
      ]
      await expect(
        main([...base, '--app-id', 'bad', '--webhook-url', 'http://example.com/h']),
      ).rejects.toThrow(/loopback/)
      await main([...base, '--app-id', 'shop', '--webhook-url', 'http://127.0.0.1:3000/h'])
      await main(['apps', 'update', 'shop', '--data-dir', dir, '--webhook-url', 'http://localhost:3001/h'])
    } finally {
      out.mockRestore()
    }
    const store = openStore({ dataDir: dir, seed: false })
    try {
      expect(listApps(store).some((a) => a.appId === 'bad')).toBe(false)
      expect(getWebhookUrl(store, 'shop')).toBe('http://localhost:3001/h')
    } finally {
      store.close()
    }
  })
})

describe('command-line defects (issue 11)', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const quiet = async (argv: string[]) => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      return await main(argv)
    } finally {
      out.mockRestore()
    }
  }

  it('a flag without its value, an unknown flag: usage errors (exit 2), one line', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chainless-cli-'))
    for (const argv of [['--data-dir'], ['apps', 'list', '--data-dir'], ['--app'], ['--nope']]) {
      const error = await main(argv).catch((e: unknown) => e)
      expect(error, argv.join(' ')).toBeInstanceOf(UsageError)
      expect((error as Error).message).not.toContain('\n')
    }
  })

  it('an invalid --app-id says so once, before anything starts', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chainless-cli-'))
    const error = (await main(['--app', dir, '--app-id', 'BAD_ID', '--data-dir', join(dir, 'd')]).catch(
      (e: unknown) => e,
    )) as Error
    expect(error).toBeInstanceOf(UsageError)
    expect(error.message.match(/BAD_ID/g)).toHaveLength(1)
    expect(error.message).not.toMatch(/appId: appId|origin|entryUrl/)
  })

  it('two --app on one id are refused; --app-id must pair with --app', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chainless-cli-'))
    for (const p of ['a/dist', 'b/dist']) mkdirSync(join(dir, 'x', p), { recursive: true })
    mkdirSync(join(dir, 'y', 'a', 'dist'), { recursive: true })
    const same = ['--app', join(dir, 'x/a/dist'), '--app', join(dir, 'y/a/dist')]
    await expect(main([...same, '--data-dir', join(dir, 'd')])).rejects.toThrow(/both get app id "a"/)
    await expect(main([...same, '--app-id', 'one', '--data-dir', join(dir, 'd')])).rejects.toThrow(
      /one --app-id per --app/,
    )
  })

  it('apps list/delist/... on a folder without a store say so and create nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chainless-cli-'))
    const data = join(dir, 'elsewhere')
    for (const argv of [
      ['apps', 'list'],
      ['apps', 'relist', 'hello'],
      ['apps', 'delist', 'hello'],
    ]) {
      await expect(main([...argv, '--data-dir', data])).rejects.toThrow(StoreMissingError)
    }
    expect(existsSync(join(data, STORE_FILE))).toBe(false)
  })

  it('apps relist lists a delisted app again; apps create --dir attaches a folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'chainless-cli-'))
    const data = join(dir, 'd')
    const project = join(dir, 'my-game')
    mkdirSync(join(project, 'dist'), { recursive: true })
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: '@me/my-game' }))
    await quiet(['apps', 'create', '--data-dir', data, '--name', 'Game', '--dir', join(project, 'dist')])
    await expect(
      main(['apps', 'create', '--data-dir', data, '--name', 'X', '--dir', join(dir, 'missing')]),
    ).rejects.toThrow(UsageError)
    await quiet(['apps', 'delist', 'my-game', '--data-dir', data])
    await quiet(['apps', 'relist', 'my-game', '--data-dir', data])
    await expect(main(['apps', 'relist', '--data-dir', data])).rejects.toThrow(UsageError)
    const store = openStore({ dataDir: data, seed: false })
    try {
      const game = listApps(store).find((a) => a.appId === 'my-game')
      expect(game).toMatchObject({ status: 'listed', origin: 'http://my-game.localhost:8090' })
      expect(listAppDirs(store)).toEqual([{ appId: 'my-game', dir: join(project, 'dist') }])
      expect(listApps(store).some((a) => a.appId === 'x' || a.name === 'X')).toBe(false)
    } finally {
      store.close()
    }
  })
})

describe('--allow-origin', () => {
  it('refuses anything but an exact http(s) origin, before anything starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-allow-'))
    try {
      for (const bad of [
        'wallet.test',
        'https://wallet.test/',
        'ftp://wallet.test',
        'https://wallet.test/x',
      ]) {
        await expect(main(['--data-dir', dir, '--allow-origin', bad])).rejects.toThrow(UsageError)
      }
      expect(existsSync(join(dir, STORE_FILE))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
