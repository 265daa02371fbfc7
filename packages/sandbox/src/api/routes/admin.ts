import type { Handlers } from '../context.js'
import type { Knobs } from '../knobs.js'

/** `GET` and `PUT /__sandbox/knobs` (admin: the wallet and non-browser callers only). */
export function adminRoutes(deps: { getKnobs: () => Knobs; setKnobs: (k: Knobs) => void }): Handlers {
  return {
    getKnobs: () => ({ status: 200, body: deps.getKnobs() }),
    putKnobs: (ctx) => {
      deps.setKnobs(ctx.body as Knobs)
      return { status: 200, body: deps.getKnobs() }
    },
  }
}
