// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { AppIcon, Segmented } from './controls.js'

afterEach(cleanup)

describe('AppIcon', () => {
  test('a hostile name gives a visible letter, never a direction or invisible character', () => {
    const { container } = render(<AppIcon manifest={{ appId: 'evil', name: '\u202E\u200Bpаypal' }} />)
    expect(container.textContent).toBe('P')
  })
  test('only an http(s) icon is loaded; anything else falls back to the initial', () => {
    const { container } = render(
      <AppIcon manifest={{ appId: 'x', name: 'Shop', icon: 'javascript:alert(1)' }} />,
    )
    expect(container.querySelector('img')).toBeNull()
    expect(container.textContent).toBe('S')
  })
  test('a broken icon falls back to the initial', async () => {
    const { container } = render(
      <AppIcon manifest={{ appId: 'x', name: 'shop', icon: 'https://shop.example/icon.png' }} />,
    )
    const img = container.querySelector('img')!
    expect(img.getAttribute('src')).toBe('https://shop.example/icon.png')
    fireEvent.error(img)
    await vi.waitFor(() => expect(container.querySelector('img')).toBeNull())
    expect(container.textContent).toBe('S')
  })
})

describe('Segmented', () => {
  test('a named group; the chosen option is pressed; a click reports its value', () => {
    const onChange = vi.fn()
    const { getByRole } = render(
      <Segmented
        label="Theme"
        value="light"
        onChange={onChange}
        options={[
          { value: 'light', label: 'Light' },
          { value: 'dark', label: 'Dark' },
        ]}
      />,
    )
    expect(getByRole('group', { name: 'Theme' })).toBeTruthy()
    expect(getByRole('button', { name: 'Light' }).getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(getByRole('button', { name: 'Dark' }))
    expect(onChange).toHaveBeenCalledWith('dark')
  })
})
