/**
 * The router's WebSocket seam over the WHATWG WebSocket of browsers (and of Deno, Bun,
 * Node >= 22): it connects; it cannot listen, send pings or pause reading — the server
 * end pings, and the browser answers by itself.
 */
import { codedError } from '../errors.js';
import type {
  ConnectCallbacks,
  ConnectOptions,
  SocketHandlers,
  WsSocket,
  WsTransport,
} from './transport.js';

/** What is used of the WHATWG WebSocket. */
interface WhatwgSocket {
  readonly protocol: string;
  readonly bufferedAmount: number;
  onopen: (() => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: (() => void) | null;
  send(text: string): void;
  close(code?: number, reason?: string): void;
}

type WhatwgConstructor = new (url: string, protocols: string[]) => WhatwgSocket;

class BrowserSocket implements WsSocket {
  readonly #socket: WhatwgSocket;
  readonly peer: string;

  constructor(socket: WhatwgSocket, url: string) {
    this.#socket = socket;
    this.peer = url;
  }

  get protocol(): string {
    return this.#socket.protocol;
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  send(text: string): void {
    this.#socket.send(text);
  }

  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
  }

  terminate(): void {
    this.#socket.close(1000, 'terminated');
  }

  ping(): boolean {
    return false;
  }

  pause(): void {}

  resume(): void {}

  setHandlers(handlers: SocketHandlers): void {
    this.#socket.onmessage = (event) =>
      handlers.message(typeof event.data === 'string' ? event.data : null);
    this.#socket.onclose = (event) => handlers.close(event.code, event.reason);
  }
}

function connect(url: string, options: ConnectOptions, callbacks: ConnectCallbacks): () => void {
  const Ctor = (globalThis as { WebSocket?: WhatwgConstructor }).WebSocket;
  if (Ctor === undefined) {
    callbacks.fail('this platform has no WebSocket');
    return () => {};
  }
  let socket: WhatwgSocket;
  try {
    socket = new Ctor(url, [...options.protocols]);
  } catch (error) {
    callbacks.fail(String(error));
    return () => {};
  }
  let settled = false;
  socket.onopen = () => {
    settled = true;
    socket.onopen = socket.onerror = null;
    callbacks.open(new BrowserSocket(socket, url));
  };
  socket.onclose = (event) => {
    if (settled) return;
    settled = true;
    callbacks.fail(`connection failed (close code ${event.code})`);
  };
  return () => {
    if (settled) return;
    settled = true;
    socket.close();
  };
}

/** The transport over the platform's WebSocket (client only). */
export const browserWebSocketTransport: WsTransport = {
  connect,
  listen: () =>
    Promise.reject(
      codedError(
        'ROUTER_SERVER_UNAVAILABLE',
        'a router cannot listen here: this platform has no WebSocket server',
      ),
    ),
};
