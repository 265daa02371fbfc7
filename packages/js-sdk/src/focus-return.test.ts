// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { rememberFocus } from './focus-return.js'

let hasFocus = true
beforeEach(() => {
  document.body.innerHTML = '<button id="ask">Connect</button><button id="other">Other</button>'
  hasFocus = true
  vi.spyOn(document, 'hasFocus').mockImplementation(() => hasFocus)
})
afterEach(() => {
  vi.restoreAllMocks()
})

const el = (id: string) => document.getElementById(id) as HTMLButtonElement
/** What a host's modal sheet does to the app: its focused element is blurred (the frame went inert). */
const sheetOpened = () => (document.activeElement as HTMLElement | null)?.blur()

describe('rememberFocus', () => {
  it('gives focus back to the element that asked once the call settled, when the sheet took it', () => {
    el('ask').focus()
    const restore = rememberFocus()
    sheetOpened()
    expect(document.activeElement).toBe(document.body)
    restore()
    expect(document.activeElement).toBe(el('ask'))
  })

  it('leaves a focus the app (or the user) moved meanwhile alone', () => {
    el('ask').focus()
    const restore = rememberFocus()
    el('other').focus()
    restore()
    expect(document.activeElement).toBe(el('other'))
  })

  it('does nothing for an element the app removed, or when nothing was focused at the call', () => {
    el('ask').focus()
    const restore = rememberFocus()
    sheetOpened()
    el('ask').remove()
    restore()
    expect(document.activeElement).toBe(document.body)
    const fromBody = rememberFocus()
    el('other').focus()
    el('other').blur()
    fromBody()
    expect(document.activeElement).toBe(document.body)
  })

  it('leaves a frame without focus alone (focusing inside it could take focus from the wallet)', () => {
    el('ask').focus()
    const restore = rememberFocus()
    sheetOpened()
    hasFocus = false
    restore()
    expect(document.activeElement).toBe(document.body)
  })
})
