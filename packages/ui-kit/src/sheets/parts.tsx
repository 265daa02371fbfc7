import type { Manifest } from '@chainless/protocol'
import type { ComponentChildren } from 'preact'
import { useContext } from 'preact/hooks'
import { Badge, type Tone } from '../components/Badge.js'
import { SafeText } from '../components/SafeText.js'
import { I18nContext } from '../i18n.js'
import { css, cx } from '../styles.js'
import { safeUrl } from '../text.js'

/** CSS shared by the system sheets. */
export const SHEET_PARTS_CSS = `.cl-app{display:flex;align-items:center;gap:12px}
.cl-app-icon{flex:none;inline-size:48px;block-size:48px;border-radius:var(--cl-r-2);background:var(--cl-surface-2);object-fit:cover;display:flex;align-items:center;justify-content:center;font-weight:700;color:var(--cl-text-2)}
.cl-app-main{flex:1;min-width:0;display:flex;flex-direction:column;gap:2px}
.cl-app-name{font-weight:700}
.cl-app-origin{font-size:var(--cl-fs-2);color:var(--cl-text-2);font-family:var(--cl-mono)}
.cl-alert{display:flex;flex-direction:column;gap:4px;padding:12px;border-radius:var(--cl-r-2);border:1px solid;border-inline-start-width:6px;font-size:var(--cl-fs-2)}
.cl-alert-info{background:var(--cl-info-bg);color:var(--cl-info)}.cl-alert-warning{background:var(--cl-warning-bg);color:var(--cl-warning)}.cl-alert-danger{background:var(--cl-danger-bg);color:var(--cl-danger)}
.cl-alert-title{font-weight:700;font-size:var(--cl-fs-3)}
.cl-alert p,.cl-p,.cl-h{margin:0}
.cl-check{display:flex;align-items:flex-start;gap:8px;cursor:pointer;font-weight:600;color:var(--cl-text)}
.cl-check input{inline-size:20px;block-size:20px;margin:2px 0;flex:none}
.cl-kv{display:grid;grid-template-columns:minmax(6em,max-content) minmax(0,1fr);gap:8px 12px;margin:0;font-size:var(--cl-fs-2)}
.cl-kv dt,.cl-p,.cl-h,.cl-type{color:var(--cl-text-2)}.cl-kv dd{margin:0;overflow-wrap:anywhere}
.cl-sec{display:flex;flex-direction:column;gap:8px}
.cl-h{font-size:var(--cl-fs-2);font-weight:700}
.cl-type{font-size:var(--cl-fs-1);margin-inline-start:4px;font-family:var(--cl-mono)}
.cl-link{color:var(--cl-primary);overflow-wrap:anywhere}
.cl-p{font-size:var(--cl-fs-2)}
.cl-card,.cl-pre{padding:12px;border-radius:var(--cl-r-2);background:var(--cl-surface-2);border:0;margin:0}
.cl-accent{border:2px solid var(--cl-primary)}
.cl-pre{font-family:var(--cl-mono);font-size:var(--cl-fs-2);white-space:pre-wrap;overflow-wrap:anywhere;max-block-size:40vh;overflow:auto}
.cl-scopes{margin:0;padding-inline-start:20px}
.cl-lead{margin:0;font-size:var(--cl-fs-4);font-weight:700;overflow-wrap:anywhere}
.cl-calls{margin:0;padding-inline-start:24px;display:grid;gap:12px}`

/** Installs the shared sheet CSS. */
export function sheetCss(): void {
  css('sheet-parts', SHEET_PARTS_CSS)
}

const RATING_TONE: Record<string, Tone> = { A: 'success', B: 'info', C: 'warning', D: 'danger' }

/** The app's security rating as a coloured badge (`unrated` and unknown values are neutral). */
export function RatingBadge({ rating }: { rating: Manifest['securityRating'] }) {
  const { t } = useContext(I18nContext)
  const known = rating !== undefined && Object.hasOwn(RATING_TONE, rating)
  return (
    <Badge tone={known ? RATING_TONE[rating] : 'neutral'}>
      {t('rating')}: {known ? rating : t('ratingUnrated')}
    </Badge>
  )
}

/** Icon, name, origin and rating of an app; every field is treated as hostile. */
export function AppHeader({ manifest }: { manifest: Manifest }) {
  sheetCss()
  const icon = safeUrl(manifest.icon, { images: true })
  const initial = Array.from(String(manifest.name ?? '?').trim())[0] ?? '?'
  return (
    <div class="cl-app">
      {icon ? (
        <img class="cl-app-icon" src={icon} alt="" referrerpolicy="no-referrer" width={48} height={48} />
      ) : (
        <span class="cl-app-icon" aria-hidden="true">
          {/[\p{L}\p{N}]/u.test(initial) ? initial.toUpperCase() : '?'}
        </span>
      )}
      <div class="cl-app-main">
        <span class="cl-app-name">
          <SafeText text={String(manifest.name ?? '')} max={80} lines={2} />
        </span>
        <span class="cl-app-origin">
          <SafeText text={String(manifest.origin ?? '')} max={80} lines={1} />
        </span>
        <span>
          <RatingBadge rating={manifest.securityRating} />
        </span>
      </div>
    </div>
  )
}

/** A notice box; `danger` and `warning` are announced (`role="alert"`). */
export function Alert({
  tone,
  title,
  children,
}: {
  tone: 'info' | 'warning' | 'danger'
  title?: ComponentChildren
  children?: ComponentChildren
}) {
  sheetCss()
  return (
    <div class={cx('cl-alert', `cl-alert-${tone}`)} role={tone === 'info' ? 'note' : 'alert'}>
      {title && <span class="cl-alert-title">{title}</span>}
      {children}
    </div>
  )
}

/** A link when `href` is an http(s) URL, else the text alone; the URL itself is always shown. */
export function ExtLink({ href, children }: { href: string | undefined; children?: ComponentChildren }) {
  const url = safeUrl(href)
  const text = children ?? <SafeText text={String(href ?? '')} max={100} />
  return url ? (
    <a class="cl-link" href={url} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
  ) : (
    <span>{text}</span>
  )
}

/** A definition-list row. */
export function Row({ label, children }: { label: ComponentChildren; children?: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}

const CHAINS: Record<string, string> = { '1': 'Ethereum', '11155111': 'Sepolia' }

/** A readable network name for a chain id (decimal or 0x hex), falling back to "Chain N". */
export function chainLabel(
  t: (k: 'chainN', v: Record<string, string>) => string,
  id: number | string | undefined,
) {
  if (id === undefined) return undefined
  let key = String(id)
  if (/^0x[0-9a-f]+$/i.test(key)) key = BigInt(key).toString()
  return (Object.hasOwn(CHAINS, key) ? CHAINS[key] : undefined) ?? t('chainN', { id: key })
}

/**
 * A scrollable box of long content. It is focusable so keyboard users can scroll it
 * (axe `scrollable-region-focusable`).
 */
export function ScrollBox({ label, children }: { label: string; children?: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="cl-pre" aria-label={label} tabIndex={0}>
      {children}
    </section>
  )
}

/**
 * A translated string whose `{name}` placeholders are components, so each locale keeps its own word
 * order ("Connect {account} to {app}", "将 {account} 连接到 {app}"). Unknown placeholders stay as text.
 */
export function Template({ text, parts }: { text: string; parts: Record<string, ComponentChildren> }) {
  return (
    <>
      {text.split(/\{(\w+)\}/).map((s, i) => (i % 2 ? (Object.hasOwn(parts, s) ? parts[s] : `{${s}}`) : s))}
    </>
  )
}
