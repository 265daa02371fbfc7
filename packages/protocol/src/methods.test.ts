import type * as v from 'valibot'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { AppContext, SafeAreaInsets, Theme } from './context.js'
import type { Manifest, ManifestContract } from './manifest.js'
import {
  DEFAULT_TIMEOUT_MS,
  defaultTimeoutOf,
  isMethodName,
  METHODS,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type Methods,
  USER_WAIT_METHODS,
} from './methods.js'
import type { lifecycleSchemas } from './schemas/lifecycle.js'
import type { appContextSchema, manifestSchema } from './schemas.js'
import { methodSchemas } from './schemas.js'
import type { Scope } from './scopes.js'

/** The hand-written shapes of protocol 1.0, as they were before the types were inferred. */
interface Methods10 {
  ready: { params: undefined; result: null }
  close: { params: { reason?: string } | undefined; result: null }
  setBackButton: { params: { visible: boolean }; result: null }
  getContext: { params: undefined; result: AppContext }
  ping: { params: undefined; result: { time: number } }
}
interface AppContext10 {
  app: { appId: string; name: string; version: string; origin: string }
  host: { name: string; version: string; platform: 'web' | 'ios' | 'android' | 'desktop' }
  locale: string
  theme: 'light' | 'dark'
  safeAreaInsets: { top: number; right: number; bottom: number; left: number }
  launchParams: Record<string, string>
}
interface ManifestContract10 {
  chainId: number
  address: string
  name: string
  abi?: readonly unknown[]
}
interface Manifest10 {
  appId: string
  name: string
  description?: string
  icon?: string
  version: string
  origin: string
  entryUrl: string
  redirectUri?: string
  scopes: readonly Scope[]
  permissions?: readonly (
    | 'camera'
    | 'microphone'
    | 'geolocation'
    | 'clipboard-read'
    | 'clipboard-write'
    | 'web-share'
    | 'fullscreen'
  )[]
  contracts?: readonly ManifestContract10[]
  developer?: { name: string; url?: string; email?: string }
  sourceUrl?: string
  audit?: { auditor: string; url: string; date?: string }
  securityRating?: 'A' | 'B' | 'C' | 'D' | 'unrated'
  updatedAt?: string
  status?: 'listed' | 'delisted'
  sponsored?: boolean
}

describe('types inferred from the schemas', () => {
  it('Methods is exactly what the schemas validate', () => {
    type Inferred = {
      [M in keyof typeof methodSchemas]: {
        params: v.InferOutput<(typeof methodSchemas)[M]['params']>
        result: v.InferOutput<(typeof methodSchemas)[M]['result']>
      }
    }
    expectTypeOf<Methods>().toEqualTypeOf<Inferred>()
    expectTypeOf<MethodName>().toEqualTypeOf<
      | keyof typeof lifecycleSchemas
      | 'walletRequest'
      | 'walletPay'
      | 'authAuthorize'
      | 'authGetAccessToken'
      | 'authLogout'
      | 'storageGet'
      | 'storageSet'
      | 'storageRemove'
      | 'storageKeys'
      | 'storageClear'
      | 'uiOpenLink'
      | 'uiShowPopup'
      | 'uiShare'
      | 'uiWriteClipboard'
      | 'uiSetMainButton'
      | 'uiHaptic'
      | 'uiExpand'
      | 'uiScanQr'
    >()
    expectTypeOf<MethodParams<'setBackButton'>>().toEqualTypeOf<
      v.InferInput<(typeof lifecycleSchemas)['setBackButton']['params']>
    >()
  })

  it('keeps the shapes of protocol 1.0', () => {
    // 1.x grows by new methods only: the 1.0 methods keep their shapes.
    expectTypeOf<Pick<Methods, keyof Methods10>>().toEqualTypeOf<Methods10>()
    expectTypeOf<MethodResult<'getContext'>>().toEqualTypeOf<AppContext10>()
    expectTypeOf<AppContext>().toEqualTypeOf<AppContext10>()
    expectTypeOf<Theme>().toEqualTypeOf<'light' | 'dark'>()
    expectTypeOf<SafeAreaInsets>().toEqualTypeOf<AppContext10['safeAreaInsets']>()
  })

  it('Manifest and ManifestContract are manifestSchema', () => {
    expectTypeOf<Manifest>().toEqualTypeOf<v.InferOutput<typeof manifestSchema>>()
    expectTypeOf<Manifest>().toEqualTypeOf<Manifest10>()
    expectTypeOf<ManifestContract>().toEqualTypeOf<ManifestContract10>()
    expectTypeOf<AppContext>().toEqualTypeOf<v.InferOutput<typeof appContextSchema>>()
  })
})

describe('METHODS', () => {
  it('has one entry per schema, and nothing inherited', () => {
    expect(Object.keys(METHODS).sort()).toEqual(Object.keys(methodSchemas).sort())
    for (const name of Object.keys(methodSchemas)) expect(isMethodName(name)).toBe(true)
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', '', 'Ready', 1, null]) {
      expect(isMethodName(name)).toBe(false)
    }
    expect(Object.isFrozen(METHODS)).toBe(true)
  })
})

describe('USER_WAIT_METHODS', () => {
  it('lists exactly the registry entries that wait for the user, whose timeout is the user one', () => {
    const waiting = Object.entries(METHODS)
      .filter(([, info]) => info.waitsForUser)
      .map(([name]) => name)
      .sort()
    expect([...USER_WAIT_METHODS].sort()).toEqual(waiting)
    for (const [name, info] of Object.entries(METHODS)) {
      expect(defaultTimeoutOf(name), name).toBe(info.timeoutMs)
    }
    expect(defaultTimeoutOf('__proto__')).toBe(DEFAULT_TIMEOUT_MS)
  })
})
