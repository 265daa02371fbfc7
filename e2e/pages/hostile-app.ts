// A hostile mini-program: does the handshake by hand, then sends whatever the test asks over the port.
declare global {
  interface Window {
    hostile: {
      connect(protocol?: string): Promise<unknown>
      send(message: unknown): Promise<unknown>
      sendRaw(message: unknown): void
      /** Answers the host's window probes like a live js-sdk. */
      answerProbes(): void
      /** Hands the port to the wallet page's frame `index` (a colluder), keeping no copy. */
      handOff(index: number): void
    }
  }
}
let port: MessagePort | undefined
const replies = new Map<unknown, (value: unknown) => void>()
window.hostile = {
  connect(protocol = '1.0') {
    return new Promise((resolve) => {
      addEventListener('message', (event) => {
        if (event.ports[0]) {
          port = event.ports[0]
          port.onmessage = (e) => {
            const id = (e.data as { id?: unknown })?.id
            replies.get(id)?.(e.data)
          }
        }
        resolve(event.data)
      })
      parent.postMessage({ type: 'chainless:hello', protocol, sdkVersion: 'hostile' }, '*')
    })
  },
  send(message) {
    const id = (message as { id?: unknown })?.id
    return new Promise((resolve) => {
      replies.set(id, resolve)
      port!.postMessage(message)
      setTimeout(() => resolve('no-reply'), 1000)
    })
  },
  sendRaw(message) {
    port!.postMessage(message)
  },
  answerProbes() {
    addEventListener('message', (event) => {
      const data = event.data as { type?: unknown; id?: unknown } | null
      if (event.source !== parent || data?.type !== 'chainless:probe') return
      parent.postMessage({ type: 'chainless:probe-ack', id: data.id }, event.origin)
    })
  },
  handOff(index) {
    parent.frames[index]!.postMessage('port', '*', [port!])
    port = undefined
  },
}

export {}
