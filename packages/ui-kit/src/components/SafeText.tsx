import { useContext, useState } from 'preact/hooks'
import { I18nContext } from '../i18n.js'
import { css, cx, helpers } from '../styles.js'
import { inspectText } from '../text.js'
import { Badge } from './Badge.js'

const CSS = `.cl-safe{overflow-wrap:anywhere}
.cl-ml{white-space:pre-wrap}
.cl-clamp{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:var(--cl-lines,2);overflow:hidden}
.cl-clamp-1{--cl-lines:1}.cl-clamp-3{--cl-lines:3}
.cl-esc{margin:0 1px;padding:0 3px;border-radius:4px;font:.75em var(--cl-mono);background:var(--cl-danger-bg);color:var(--cl-danger);border:1px dashed}
.cl-more{margin-inline-start:4px;padding:0;border:0;background:none;color:var(--cl-primary);font-size:var(--cl-fs-1);text-decoration:underline;cursor:pointer}
.cl-badge.cl-warn{display:flex;inline-size:fit-content;margin-block-start:4px}`

/** Props of {@link SafeText}. */
export interface SafeTextProps {
  /** Untrusted text (a manifest field, a message). */
  text: string
  /** Code points shown before "Show all" (default 120; `Infinity` for no limit). */
  max?: number
  /** Keep line breaks (messages); default single line semantics. */
  multiline?: boolean
  /** Visual clamp in lines (1–3) while collapsed; the text is still all there for screen readers. */
  lines?: 1 | 2 | 3
  /** Hide the "hidden characters" badge (when the caller shows its own warning). */
  quiet?: boolean
  class?: string
}

/**
 * Renders untrusted text inertly: as text nodes only, direction-isolated (`<bdi>` semantics, so a
 * right-to-left override cannot reorder the UI around it), with invisible and bidi control
 * characters shown as `U+XXXX` codes plus a warning, a word that mixes scripts (`pаypal` with a
 * Cyrillic `а`, UTS #39) flagged with its own badge, and long text shortened behind "Show all".
 *
 * @example
 * ```tsx
 * <SafeText text={manifest.name} max={60} lines={2} />
 * ```
 */
export function SafeText({ text, max = 120, multiline, lines, quiet, class: className }: SafeTextProps) {
  css('safe', CSS)
  helpers()
  const { t } = useContext(I18nContext)
  const [expanded, setExpanded] = useState(false)
  const info = inspectText(text, { max: expanded ? Number.POSITIVE_INFINITY : max, multiline })
  const collapsible = info.length > max
  return (
    <>
      <bdi
        dir="auto"
        class={cx(
          'cl-safe',
          multiline && 'cl-ml',
          !expanded && lines && 'cl-clamp',
          !expanded && lines && lines !== 2 && `cl-clamp-${lines}`,
          className,
        )}
      >
        {info.parts.map((p, i) =>
          'text' in p ? (
            p.text
          ) : (
            <span key={i} class="cl-esc" title={p.code}>
              {p.code}
            </span>
          ),
        )}
        {info.truncated && (
          <>
            <span aria-hidden="true">…</span>
            <span class="cl-sr">{t('truncated', { count: info.length })}</span>
          </>
        )}
      </bdi>
      {collapsible && (
        <button type="button" class="cl-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('showLess') : t('showMore')}
        </button>
      )}
      {info.suspicious && !quiet && (
        <Badge tone="danger" class="cl-warn">
          {t('hiddenChars')}
        </Badge>
      )}
      {info.mixedScript && !quiet && (
        <Badge tone="warning" class="cl-warn">
          {t('mixedScript')}
        </Badge>
      )}
    </>
  )
}
