/**
 * Reconnecting with jitter. When a server stops (a restart, a node of a cluster dying), all of
 * its clients see their sockets close in the same instant, and y-websocket retries each after
 * the same fixed backoff (200 ms, 400 ms, ... 2.5 s): 4,000 delegates and projectors would come
 * back in one burst, each asking for the whole draft. Here each reconnect first waits a random
 * time within a window that doubles with each attempt that did not open ("full jitter"), so
 * the returns are spread out; the page's first connection does not wait.
 */

/** The first reconnect is spread over this long; each further failed attempt doubles it. */
export const JITTER_BASE_MS = 1000;
/** The widest window. */
export const JITTER_MAX_MS = 8000;

/** How long to wait before opening socket number `attempt` since the last one that opened (0: the first, no wait). */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  if (attempt <= 0) return 0;
  return Math.floor(random() * Math.min(JITTER_MAX_MS, JITTER_BASE_MS * 2 ** (attempt - 1)));
}

/** The parts of a browser WebSocket that y-websocket uses. */
interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: ArrayBufferLike | ArrayBufferView | string): void;
  close(code?: number, reason?: string): void;
}

type SocketClass = new (url: string | URL, protocols?: string | string[]) => SocketLike;

/**
 * A WebSocket class for y-websocket's `WebSocketPolyfill` option: the first socket opens at
 * once; each later one opens the real socket after {@link reconnectDelay} (its readyState is
 * CONNECTING meanwhile). The attempt count goes back to 0 when a socket opens.
 */
export function jitteredWebSocket(Base: SocketClass, random: () => number = Math.random): SocketClass {
  let attempt = 0;
  return class JitteredSocket implements SocketLike {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    private binary = "blob";
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: unknown) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    private real: SocketLike | null = null;
    private timer: ReturnType<typeof setTimeout> | null = null;
    private closedEarly = false;

    constructor(url: string | URL, protocols?: string | string[]) {
      const wait = reconnectDelay(attempt++, random);
      if (wait === 0) this.open(url, protocols);
      else this.timer = setTimeout(() => this.open(url, protocols), wait);
    }

    get binaryType(): string {
      return this.binary;
    }

    set binaryType(type: string) {
      this.binary = type;
      if (this.real) this.real.binaryType = type;
    }

    get readyState(): number {
      return this.real ? this.real.readyState : this.closedEarly ? JitteredSocket.CLOSED : JitteredSocket.CONNECTING;
    }

    send(data: ArrayBufferLike | ArrayBufferView | string): void {
      if (!this.real) throw new Error("the socket is not open yet");
      this.real.send(data);
    }

    close(code?: number, reason?: string): void {
      if (this.real) return this.real.close(code, reason);
      if (this.closedEarly) return;
      // Closed while waiting to open: it never will, and says so as a closed socket does.
      this.closedEarly = true;
      if (this.timer) clearTimeout(this.timer);
      const onclose = this.onclose;
      setTimeout(() => onclose?.({ code: 1000, reason: "", wasClean: true }), 0);
    }

    private open(url: string | URL, protocols?: string | string[]): void {
      this.timer = null;
      const real = new Base(url, protocols);
      this.real = real;
      real.binaryType = this.binary;
      real.onopen = (event) => {
        attempt = 1;
        this.onopen?.(event);
      };
      real.onmessage = (event) => this.onmessage?.(event);
      real.onclose = (event) => this.onclose?.(event);
      real.onerror = (event) => this.onerror?.(event);
    }
  };
}
