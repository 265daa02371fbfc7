import { expect, it } from 'vitest'
import { buildAllowAttribute } from './iframe.js'

const manifest = {
  appId: 'a',
  name: 'A',
  version: '1',
  origin: 'https://a.example',
  entryUrl: 'https://a.example/',
  scopes: [],
  permissions: ['camera', 'clipboard-write'] as const,
}

it('allows only permissions both declared and granted, delegated to the app origin', () => {
  expect(buildAllowAttribute(manifest, ['camera', 'geolocation'])).toBe('camera https://a.example')
  expect(buildAllowAttribute(manifest, [])).toBe('')
  expect(buildAllowAttribute({ ...manifest, permissions: undefined }, ['camera'])).toBe('')
})
