import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { findApp, type Store } from '../store/index.js'
import type { ReportReason } from '../store/reports.js'
import { readBody } from './body.js'
import { ApiProblem } from './problem.js'
import { REPORT_REASONS, type ReportDesk } from './reports.js'

/** Where the API serves the report form (`GET /report?appId=`; the form posts back to it). */
export const REPORT_PAGE_PATH = '/report'

const APP_ID = /^[a-z0-9][a-z0-9-]{0,62}$/
const FORM_LIMIT = 16 * 1024
const LABELS: Record<ReportReason, string> = {
  scam: 'Scam or fraud',
  malware: 'Malware or a dangerous request',
  inappropriate: 'Inappropriate content',
  broken: 'Broken: it does not work',
  other: 'Something else',
}
const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}' +
  'label{display:block;margin-top:1rem;font-weight:600}select,textarea,input{width:100%;font:inherit;padding:.4rem;box-sizing:border-box}' +
  'button{margin-top:1.5rem;font:inherit;padding:.5rem 1.25rem}.error{color:#a00000;border-left:4px solid #a00000;padding-left:.75rem}' +
  ':focus-visible{outline:3px solid #1756d1;outline-offset:2px}'
// No script at all, and the one style block pinned by its hash: the page works under a CSP that
// allows nothing else.
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ')

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

function page(res: ServerResponse, status: number, title: string, main: string): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>${main}</main></body></html>`
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  })
  res.end(res.req.method === 'HEAD' ? undefined : html)
}

function form(
  appId: string,
  name: string,
  values: Partial<Record<'reason' | 'details' | 'contact', string>>,
  error?: string,
): string {
  const options = REPORT_REASONS.map(
    (r) => `<option value="${r}"${values.reason === r ? ' selected' : ''}>${esc(LABELS[r])}</option>`,
  ).join('')
  return `<h1>Report ${esc(name)}</h1>
${error ? `<p class="error" role="alert" id="form-error">${esc(error)}</p>` : ''}
<form method="post" action="${REPORT_PAGE_PATH}"${error ? ' aria-describedby="form-error"' : ''}>
<input type="hidden" name="appId" value="${esc(appId)}">
<label for="reason">What is wrong?</label>
<select id="reason" name="reason" required><option value="">Choose a reason</option>${options}</select>
<label for="details">Details (optional)</label>
<textarea id="details" name="details" rows="6" maxlength="2000">${esc(values.details ?? '')}</textarea>
<label for="contact">How can we reach you? (optional)</label>
<input id="contact" name="contact" type="text" maxlength="200" autocomplete="email" value="${esc(values.contact ?? '')}">
<button type="submit">Send report</button>
</form>`
}

/**
 * Serves the report form on the API origin: `GET /report?appId=<id>` (a plain HTML form, no script)
 * and its `POST /report` (form-encoded), which files the report through the same desk as
 * `POST /api/v1/apps/{appId}/reports` and answers "Report received". Answers whether the request was
 * for it.
 *
 * @example
 * ```ts
 * if (await answerReportPage(req, res, { store, desk })) return
 * ```
 */
export async function answerReportPage(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { store: Store; desk: ReportDesk },
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://api.invalid')
  if (url.pathname !== REPORT_PAGE_PATH) return false
  const method = req.method ?? 'GET'
  if (method === 'GET' || method === 'HEAD') {
    const appId = url.searchParams.get('appId') ?? ''
    const app = APP_ID.test(appId) ? findApp(deps.store, appId) : undefined
    if (!app) {
      page(res, 404, 'App not found', '<h1>App not found</h1><p>There is no app with that id to report.</p>')
      return true
    }
    page(res, 200, `Report ${app.name}`, form(appId, app.name, {}))
    return true
  }
  if (method !== 'POST') {
    res.setHeader('allow', 'GET, HEAD, POST')
    page(res, 405, 'Method not allowed', '<h1>Method not allowed</h1>')
    return true
  }
  let fields: URLSearchParams
  try {
    fields = new URLSearchParams((await readBody(req, FORM_LIMIT)).toString('utf8'))
  } catch {
    page(res, 413, 'Too large', '<h1>Report too large</h1><p>Keep the details under 2,000 characters.</p>')
    return true
  }
  const appId = fields.get('appId') ?? ''
  const app = APP_ID.test(appId) ? findApp(deps.store, appId) : undefined
  if (!app) {
    page(res, 404, 'App not found', '<h1>App not found</h1><p>There is no app with that id to report.</p>')
    return true
  }
  const values = {
    reason: fields.get('reason') ?? '',
    details: fields.get('details') ?? '',
    contact: fields.get('contact') ?? '',
  }
  const again = (status: number, error: string): true => {
    page(res, status, `Report ${app.name}`, form(appId, app.name, values, error))
    return true
  }
  if (!(REPORT_REASONS as readonly string[]).includes(values.reason)) return again(400, 'Choose a reason.')
  if (values.details.length > 2000) return again(400, 'Keep the details under 2,000 characters.')
  if (values.contact.length > 200) return again(400, 'Keep the contact under 200 characters.')
  try {
    deps.desk.file(req.socket.remoteAddress ?? 'unknown', appId, {
      reason: values.reason as ReportReason,
      ...(values.details ? { details: values.details } : {}),
      ...(values.contact ? { contact: values.contact } : {}),
    })
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 429) {
      res.setHeader('retry-after', e.headers['retry-after'] ?? '60')
      return again(429, 'Too many reports from here; try again in a minute.')
    }
    throw e
  }
  page(
    res,
    200,
    'Report received',
    `<h1 role="status">Report received</h1><p>Thank you. Your report about ${esc(app.name)} was received and will be reviewed.</p>`,
  )
  return true
}
