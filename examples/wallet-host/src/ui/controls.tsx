// Small controls the kit does not have, built from its Button and tokens: a segmented choice, a text
// field, a select, an app's icon and a page section. Styled in styles.ts (no unstyled native control).
import type { Manifest } from '@chainless/protocol'
import { Button, safeUrl } from '@chainless/ui-kit'
import type { ComponentChildren, JSX } from 'preact'
import { useState } from 'preact/hooks'
import { short } from './env.js'

/** A choice among a few options: a group of kit Buttons, the chosen one `aria-pressed` and primary. */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string
  value: T
  options: ReadonlyArray<{ value: T; label: string }>
  onChange: (value: T) => void
}): JSX.Element {
  return (
    <fieldset class="wl-seg">
      <legend class="cl-sr">{label}</legend>
      {options.map((option) => (
        <Button
          key={option.value}
          variant={option.value === value ? 'primary' : 'secondary'}
          aria-pressed={option.value === value}
          onClick={() => onChange(option.value)}
        >
          {option.label}
        </Button>
      ))}
    </fieldset>
  )
}

/** A labelled field: `id` is the control's (its `<label for>`). */
export function Field({
  id,
  label,
  children,
}: {
  id: string
  label: string
  children: ComponentChildren
}): JSX.Element {
  return (
    <div class="wl-field">
      <label class="wl-field-label" for={id}>
        {label}
      </label>
      {children}
    </div>
  )
}

/** A page section with a heading and an optional icon. */
export function Section({
  id,
  page,
  title,
  icon,
  current,
  headingId = `${page}-title`,
  children,
}: {
  id?: string
  /** The heading's id (default `<page>-title`). */
  headingId?: string
  page: string
  title: string
  icon?: ComponentChildren
  /** The page the phone's tab bar shows (on a desktop every page is shown). */
  current: boolean
  children: ComponentChildren
}): JSX.Element {
  return (
    <section
      class={current ? 'wl-card wl-current' : 'wl-card'}
      data-page={page}
      id={id}
      aria-labelledby={headingId}
    >
      <h2 id={headingId} class="wl-h2">
        {icon}
        {title}
      </h2>
      {children}
    </section>
  )
}

const AVATAR_HUES = [210, 260, 330, 20, 140, 180, 40, 290]

/**
 * The app's icon from its manifest (http(s) only, through the kit's `safeUrl`), else its initial on a
 * colour picked from its appId; a broken icon falls back to the initial.
 */
export function AppIcon({
  manifest,
  size = 44,
}: {
  manifest: Pick<Manifest, 'appId' | 'name' | 'icon'> | undefined
  size?: number
}): JSX.Element {
  const [broken, setBroken] = useState(false)
  const appId = manifest?.appId ?? '?'
  const src = manifest?.icon ? safeUrl(manifest.icon) : undefined
  const style = { inlineSize: `${size}px`, blockSize: `${size}px` }
  if (src && !broken)
    return (
      <img
        class="wl-app-icon"
        src={src}
        alt=""
        style={style}
        onError={() => setBroken(true)}
        referrerpolicy="no-referrer"
      />
    )
  let hash = 0
  for (const char of appId) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0
  const hue = AVATAR_HUES[hash % AVATAR_HUES.length]
  // The first letter or digit of the name (never an invisible or direction character), else the appId's.
  const initial = (/[\p{L}\p{N}]/u.exec(manifest?.name ?? '')?.[0] ?? appId[0] ?? '?').toUpperCase()
  return (
    <span
      class="wl-app-icon wl-app-initial"
      aria-hidden="true"
      style={{ ...style, background: `hsl(${hue} 70% 45%)`, fontSize: `${Math.round(size * 0.45)}px` }}
    >
      {initial}
    </span>
  )
}

/**
 * The `<option>`s of an account select: `#index 0x1234…abcd`, in the signer's order.
 *
 * @example
 * ```tsx
 * <select value={account}><AccountOptions addresses={addresses} /></select>
 * ```
 */
export function AccountOptions({ addresses }: { addresses: readonly string[] }): JSX.Element {
  return (
    <>
      {addresses.map((address, index) => (
        <option key={address} value={address}>
          #{index} {short(address)}
        </option>
      ))}
    </>
  )
}
