import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startAppsServer, startWalletServer } from './servers.js'

let root: string
let apps: RunningServer
let wallet: RunningServer

/** A raw GET: the path goes out exactly as written (fetch would normalise `..` and `%2e`). */
const get = (port: number, path: string, host = `mine.localhost:${port}`) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
      .on('error', reject)
      .end()
  })

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'chainless-static-'))
  const app = join(root, 'app')
  mkdirSync(join(app, '.git'), { recursive: true })
  mkdirSync(join(app, 'sub', '.cache'), { recursive: true })
  writeFileSync(join(app, 'index.html'), 'public page')
  writeFileSync(join(app, 'sub', 'page.html'), 'sub page')
  writeFileSync(join(app, '.env'), 'SECRET=env')
  writeFileSync(join(app, '.git', 'config'), 'SECRET=git')
  writeFileSync(join(app, 'sub', '.hidden'), 'SECRET=hidden')
  writeFileSync(join(app, 'sub', '.cache', 'x.js'), 'SECRET=cache')
  writeFileSync(join(root, 'outside.txt'), 'SECRET=outside')
  writeFileSync(join(root, 'app-secret.txt'), 'SECRET=sibling')
  apps = await startAppsServer({ apps: new Map([['mine', app]]), port: 0, host: '127.0.0.1' })
  wallet = await startWalletServer({ dir: app, port: 0, host: '127.0.0.1', config: {} })
})
afterAll(async () => {
  await apps.close()
  await wallet.close()
  rmSync(root, { recursive: true, force: true })
})

const hostile = [
  '/.env',
  '/.git/config',
  '/sub/.hidden',
  '/sub/.cache/x.js',
  '/%2eenv',
  '/%2Eenv',
  '/%2e%67it/config',
  '/./.env',
  '//.env',
  '/sub/../.env',
  '/sub/%2e%2e/.env',
  '/..%2f.env',
  '/sub%2f..%2f.env',
  '/sub%5c..%5c.env',
  '/../outside.txt',
  '/%2e%2e/outside.txt',
  '/%2e%2e%2foutside.txt',
  '/..%5coutside.txt',
  '/%252e%252e/outside.txt',
  '/../app-secret.txt',
  '/%c0%ae%c0%ae/outside.txt',
  '/%00.env',
  '/index.html%00.env',
]

describe('static servers never serve dotfiles or leave their folder', () => {
  it.each(hostile)('apps server: %s is 404', async (path) => {
    const res = await get(apps.port, path)
    expect(res.body).not.toContain('SECRET')
    expect(res.status).toBe(404)
  })

  it.each(hostile)('wallet server: %s is 404', async (path) => {
    const res = await get(wallet.port, path, `localhost:${wallet.port}`)
    expect(res.body).not.toContain('SECRET')
    expect(res.status).toBe(404)
  })

  it('still serves the folder', async () => {
    expect(await get(apps.port, '/')).toMatchObject({ status: 200, body: 'public page' })
    expect(await get(apps.port, '/sub/page.html')).toMatchObject({ status: 200, body: 'sub page' })
    expect(await get(apps.port, '/sub/page.html?x=/.env')).toMatchObject({ status: 200 })
    expect(await get(wallet.port, '/index.html', `localhost:${wallet.port}`)).toMatchObject({ status: 200 })
  })
})
