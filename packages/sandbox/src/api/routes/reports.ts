import type { Handlers } from '../context.js'
import type { ReportDesk, ReportInput } from '../reports.js'

/**
 * `POST /api/v1/apps/{appId}/reports`: public (no authentication), rate limited per client; 201
 * `{ id, appId, receivedAt }`, 404 `app_not_found` for an unknown app.
 *
 * @example
 * ```ts
 * const handlers = { ...reportRoutes({ desk: new ReportDesk(store) }) }
 * ```
 */
export function reportRoutes(deps: { desk: ReportDesk }): Handlers {
  return {
    reportApp: (ctx) => {
      const report = deps.desk.file(
        ctx.req.socket.remoteAddress ?? 'unknown',
        ctx.params.appId!,
        ctx.body as ReportInput,
      )
      return { status: 201, body: { id: report.id, appId: report.appId, receivedAt: report.receivedAt } }
    },
  }
}
