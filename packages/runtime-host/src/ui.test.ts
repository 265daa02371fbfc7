// @vitest-environment happy-dom
import { expect, it } from 'vitest'
import { lazyUi } from './ui.js'

const manifest = {
  appId: 'zh-app',
  name: 'Zh',
  version: '1.0.0',
  origin: 'https://zh.example',
  entryUrl: 'https://zh.example/',
  scopes: ['user:basic' as const],
}

it('the default sheets speak the host locale: Chinese strings are loaded for a zh locale only', async () => {
  const zh = await lazyUi(undefined, () => 'light', 'zh-Hans-CN').get()
  const controller = new AbortController()
  const pending = zh.consent({ manifest, scopes: ['user:basic'], signal: controller.signal }).catch(() => {})
  await expect.poll(() => document.body.textContent ?? '').toContain('授权请求')
  controller.abort()
  await pending
  ;(zh as { destroy?: () => void }).destroy?.()
})
