/**
 * The WebSocket seam of the router: how it opens a connection to a URL and how it
 * listens for peers, whatever implements them — `ws` under Node (registered by the node
 * entry), the browser's WebSocket (connect only) — so the router itself stays isomorphic.
 */
import { codedError } from '../errors.js';
import { browserWebSocketTransport } from './browser-transport.js';

/** Callbacks of an open socket, set by the link that owns it. */
export interface SocketHandlers {
  /** A text frame (`null` for a binary frame, which the router refuses). */
  message(text: string | null): void;
  /** The connection is down; `code` and `reason` as the close frame said (1006: none). */
  close(code: number, reason: string): void;
  /** An answer to `ping()`. */
  pong(): void;
}

/** An open WebSocket, as the router uses it. */
export interface WsSocket {
  /** The subprotocol agreed in the handshake ('' when none). */
  readonly protocol: string;
  /** Bytes handed to `send` and not yet written to the network. */
  readonly bufferedAmount: number;
  /** Who is at the other end (`host:port`, or the URL), for logs and anonymous peers. */
  readonly peer: string;
  send(text: string): void;
  /** Closes with a close frame (`code`, `reason`). */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without the closing handshake (a dead peer). */
  terminate(): void;
  /** Sends a ping; false where the platform cannot (browsers answer pings, never send them). */
  ping(): boolean;
  /** Stops reading from the peer (back-pressure) and starts again; no-ops where unsupported. */
  pause(): void;
  resume(): void;
  setHandlers(handlers: SocketHandlers): void;
}

/** How to open a client connection. */
export interface ConnectOptions {
  /** Subprotocols offered, most preferred first. */
  readonly protocols: readonly string[];
  /** Largest frame accepted, in bytes. */
  readonly maxFrame: number;
  /** PEM certificate(s) to trust for `wss://` (besides the system's); Node only. */
  readonly ca?: string;
  /** Seconds the opening handshake may take. */
  readonly timeout: number;
}

/** What `connect` reports, once. */
export interface ConnectCallbacks {
  open(socket: WsSocket): void;
  fail(reason: string): void;
}

/** How to listen for peers. */
export interface ListenOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  readonly maxFrame: number;
  /** Subprotocols the server may select (the first the client also offers wins). */
  readonly protocols: readonly string[];
  /** PEM certificate and key: the server speaks `wss://`. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** A listening server. */
export interface WsServer {
  readonly host: string;
  readonly port: number;
  /** `ws://host:port` or `wss://host:port`. */
  readonly url: string;
  /** Stops listening and drops every connection it accepted. */
  close(): Promise<void>;
}

export interface WsTransport {
  /** Opens a connection; returns a function that abandons it while it is being opened. */
  connect(url: string, options: ConnectOptions, callbacks: ConnectCallbacks): () => void;
  /** Listens; rejects with a coded error when the address cannot be used. */
  listen(options: ListenOptions, onSocket: (socket: WsSocket) => void): Promise<WsServer>;
}

let transport: WsTransport | null = null;

/** Sets the WebSocket implementation of every router (the node entry sets `ws`'s). */
export function setWebSocketTransport(implementation: WsTransport): void {
  transport = implementation;
}

/** The WebSocket implementation in use: the one set, else the platform's WebSocket. */
export function webSocketTransport(): WsTransport {
  if (transport !== null) return transport;
  if (typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function') {
    return browserWebSocketTransport;
  }
  throw codedError(
    'ROUTER_NO_WEBSOCKET',
    'no WebSocket implementation on this platform: under Node import ginsfsm through its node entry (it registers ws)',
  );
}
