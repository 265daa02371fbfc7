import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main, rateLimitFlag, UsageError } from './cli.js'
import { listApps, openStore } from './store/index.js'
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
