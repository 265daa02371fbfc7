import { ChainlessError } from '@chainless/protocol'

/**
 * Errors of the embedded store. Short message, structured `data`, stable `code`.
 */
export class StoreError extends ChainlessError {
  override name = 'StoreError'
  /** Stable machine-readable code, e.g. `app_not_found`. */
  readonly code: string
  /** Structured data (never secrets). */
  readonly data: Record<string, unknown> | undefined
  constructor(code: string, message: string, data?: Record<string, unknown>) {
    super(message, { docsPath: 'packages/sandbox#store-and-app-management' })
    this.code = code
    this.data = data
  }
}

/** No app with that appId. */
export class AppNotFoundError extends StoreError {
  override name = 'AppNotFoundError'
  constructor(appId: string) {
    super('app_not_found', `No app "${appId}"`, { appId })
  }
}

/** The appId or the origin is taken by another app (one origin per app: DESIGN.md, "Isolation"). */
export class AppExistsError extends StoreError {
  override name = 'AppExistsError'
  constructor(field: 'appId' | 'origin', value: string) {
    super('app_exists', `An app with this ${field} exists: ${value}`, { field, value })
  }
}

/** The app's data does not make a valid manifest (see `manifestSchema` of @chainless/protocol). */
export class InvalidAppError extends StoreError {
  override name = 'InvalidAppError'
  constructor(issues: { path: string; message: string }[]) {
    super(
      'invalid_app',
      `Invalid app: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`,
      { issues },
    )
  }
}
