/**
 * What the WebSocket gobjs need of Node's HTTP objects, as structural types: the package's
 * declarations then need neither `@types/node` nor `@types/ws` in a consumer's project,
 * and a Node `http.Server` or `https.Server` (and their requests and sockets) fit them.
 */

/** The request of an 'upgrade' event (a Node `IncomingMessage`). */
export interface WsUpgradeRequest {
  readonly url?: string | undefined;
  readonly socket: {
    readonly remoteAddress?: string | undefined;
    readonly remotePort?: number | undefined;
  };
}

/** The socket of an 'upgrade' event (a Node `Duplex`). */
export interface WsUpgradeSocket {
  end(data: string): unknown;
}

/** A listener of a server's 'upgrade' event. */
export type WsUpgradeListener = (
  request: WsUpgradeRequest,
  socket: WsUpgradeSocket,
  head: Uint8Array,
) => void;

/** A Node `http.Server` or `https.Server` a GWebSocketServer can be mounted on. */
export interface WsHttpServer {
  readonly listening: boolean;
  address(): unknown;
  listenerCount(event: 'upgrade'): number;
  on(event: 'upgrade', listener: WsUpgradeListener): unknown;
  off(event: 'upgrade', listener: WsUpgradeListener): unknown;
  once(event: 'listening', listener: () => void): unknown;
}
