// Small, total formatters the inspect panels share: JSON for the details view (bounded, never
// throws), clock times with milliseconds, durations, and a file download for exports.

/** The most characters a details view shows of one value (the rest is cut with a note). */
export const MAX_JSON_CHARS = 20_000

/**
 * Pretty JSON of `value` for display: bigints as decimal strings, cycles and functions shown as
 * markers, cut after `max` characters. Never throws (a value that cannot be shown says so).
 *
 * @example
 * ```ts
 * formatJson({ a: 1n }) // '{\n  "a": "1"\n}'
 * ```
 */
export function formatJson(value: unknown, max = MAX_JSON_CHARS): string {
  if (value === undefined) return 'undefined'
  const seen = new WeakSet<object>()
  let text: string
  try {
    text =
      JSON.stringify(
        value,
        (_key, item: unknown) => {
          if (typeof item === 'bigint') return item.toString()
          if (typeof item === 'function' || typeof item === 'symbol') return `[${typeof item}]`
          if (typeof item === 'object' && item !== null) {
            if (seen.has(item)) return '[cycle]'
            seen.add(item)
          }
          return item
        },
        2,
      ) ?? String(value)
  } catch (error) {
    text = `[not displayable: ${(error as Error).message}]`
  }
  return text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters)` : text
}

/**
 * `HH:MM:SS.mmm` in the wallet's locale (24-hour).
 *
 * @example
 * ```ts
 * formatClock(Date.UTC(2026, 0, 1, 9, 5, 7, 42), 'en', 'UTC') // '09:05:07.042'
 * ```
 */
export function formatClock(at: number, locale: string, timeZone?: string): string {
  const date = new Date(at)
  if (Number.isNaN(date.getTime())) return '--:--:--.---'
  const clock = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(date)
  return `${clock}.${String(date.getMilliseconds()).padStart(3, '0')}`
}

/**
 * A duration for a log: `0.4 ms`, `12 ms`, `1.25 s`; `—` when unknown.
 *
 * @example
 * ```ts
 * formatMs(1250) // '1.25 s'
 * ```
 */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 10) return `${Math.round(ms * 10) / 10} ms`
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${Math.round(ms / 10) / 100} s`
}

/**
 * Saves `text` as a file through a temporary object URL (no server round trip).
 *
 * @example
 * ```ts
 * download('bridge-log.json', log.export(), 'application/json')
 * ```
 */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked after the click has been handled: the download has its own reference by then.
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
