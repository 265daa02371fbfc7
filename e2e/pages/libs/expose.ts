// Puts a library page's steps on `window.lib`, each answering a plain outcome (result or error code),
// so Playwright can run a step, approve the wallet's sheet, then read what the step returned.
type Step = (...args: never[]) => Promise<unknown>

/** A step's answer as plain JSON. */
export type StepOutcome = { ok: true; result: unknown } | { ok: false; code?: number; message: string }

const plain = (value: unknown) =>
  JSON.parse(JSON.stringify(value ?? null, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)))

/** Exposes `steps` as `window.lib`. */
export function expose(steps: Record<string, Step>): void {
  const lib: Record<string, (...args: unknown[]) => Promise<StepOutcome>> = {}
  for (const [name, step] of Object.entries(steps)) {
    lib[name] = async (...args) => {
      try {
        return { ok: true, result: plain(await step(...(args as never[]))) }
      } catch (error) {
        // Libraries wrap the wallet's error; its EIP-1193 code is on the error or its cause.
        let e = error as { code?: unknown; cause?: unknown; message?: string } | undefined
        let code: number | undefined
        for (let depth = 0; e && depth < 5; depth++) {
          if (typeof e.code === 'number' && code === undefined) code = e.code
          e = e.cause as typeof e
        }
        return {
          ok: false,
          ...(code === undefined ? {} : { code }),
          message: String((error as Error).message),
        }
      }
    }
  }
  ;(window as unknown as { lib: typeof lib }).lib = lib
  document.documentElement.dataset.lib = 'ready'
}
