/*
 * The signaling socket of one room session: JSON messages over one WebSocket (docs/protocol.md), kept alive by
 * pings. It knows nothing of what the messages mean; the room does.
 */

const STATES = ['connecting', 'open', 'closing', 'closed'];
const PING_INTERVAL_MS = 25000; // keeps idle proxies from dropping the signaling socket

/** The signaling endpoint of the server at `url` (http(s):// or ws(s)://, as the page's origin is). */
export function signalingUrl(url) {
  const base = new URL(url);
  const scheme = base.protocol === 'https:' || base.protocol === 'wss:' ? 'wss' : 'ws';
  return `${scheme}://${base.host}/ws`;
}

export class Signaling {
  /**
   * `handlers`: onOpen(), onMessage(message) for each JSON message, onClose(closeEvent), onStateChange(state)
   * with state one of 'connecting', 'open', 'closing', 'closed'.
   */
  constructor(url, handlers) {
    this.url = url;
    this.handlers = handlers;
    this.ws = null;
    this.pingTimer = null;
  }

  get state() {
    return this.ws ? STATES[this.ws.readyState] : 'closed';
  }

  open() {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    const changed = () => this.handlers.onStateChange(this.state);
    changed();
    ws.addEventListener('open', () => {
      changed();
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_INTERVAL_MS);
      this.handlers.onOpen();
    });
    ws.addEventListener('message', (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // not ours to interpret; the server only sends JSON
      }
      this.handlers.onMessage(message);
    });
    ws.addEventListener('close', (event) => {
      clearInterval(this.pingTimer);
      changed();
      this.handlers.onClose(event);
    });
  }

  /** Sends when the socket is open; drops the message otherwise (nothing is queued). */
  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  close() {
    clearInterval(this.pingTimer);
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) this.ws.close(1000, 'leave');
  }
}
