/** OAuth scopes a mini-program may declare and ask the user for (DESIGN.md, "Scopes"). */
export const SCOPES = [
  'user:basic',
  'user:phone',
  'user:email',
  'tx:sign',
  'tx:broadcast',
  'asset:read',
  'asset:transfer',
] as const

/** One of {@link SCOPES}. */
export type Scope = (typeof SCOPES)[number]

/** Scopes that need a second, separate confirmation. */
export const SENSITIVE_SCOPES: readonly Scope[] = ['user:phone', 'user:email']
