import { once } from 'node:events'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ChainlessError } from '@chainless/protocol'

/** Thrown when a port is taken: the CLI prints its message, not a stack. */
export class PortInUseError extends ChainlessError {
  override name = 'PortInUseError'
  readonly code = 'EADDRINUSE'
  constructor(
    readonly what: string,
    readonly port: number,
    options: { cause?: unknown } = {},
  ) {
    super(`${what}: port ${port} is already in use (choose another with its flag, or stop what uses it)`, {
      docsPath: 'packages/sandbox#quick-start',
      cause: options.cause,
    })
  }
}

/**
 * The one `listen()` of every sandbox server: listens on `host:port` and answers the bound port. A taken
 * port is a {@link PortInUseError}; any other listen error is thrown as Node reports it.
 */
export async function listen(server: Server, what: string, port: number, host: string): Promise<number> {
  server.listen(port, host)
  try {
    await once(server, 'listening')
  } catch (error) {
    if ((error as { code?: string }).code === 'EADDRINUSE')
      throw new PortInUseError(what, port, { cause: error })
    throw error
  }
  return (server.address() as AddressInfo).port
}

/** Stops listening and ends open (keep-alive) connections at once; resolves when the port is free. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}
