import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exampleAppDirs } from './example-sites.js'

describe('exampleAppDirs', () => {
  it('serves the sponsored twin from web3-demo and every other app from its own folder', () => {
    const dirs = exampleAppDirs('/p', ['hello', 'web3-demo', 'web3-sponsored'])
    expect(dirs.get('hello')).toBe(resolve('/p/apps/hello'))
    expect(dirs.get('web3-sponsored')).toBe(resolve('/p/apps/web3-demo'))
    expect(dirs.get('web3-demo')).toBe(resolve('/p/apps/web3-demo'))
  })

  it('does not let a prototype key pick a folder', () => {
    expect(exampleAppDirs('/p', ['constructor']).get('constructor')).toBe(resolve('/p/apps/constructor'))
  })
})
