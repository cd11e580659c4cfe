/**
 * The router's WebSocket seam under Node, over the `ws` package: client connections
 * (`ws://`, `wss://` trusting an extra CA if given) and the server (HTTP, or HTTPS with a
 * certificate and key), which selects the subprotocol of v2 when the client offers it.
 * Frames over `maxFrame` close the connection with 1009 (ws does it, we report it).
 *
 * A ginsfsm 0.7 server selects no subprotocol, which `ws` treats as an error when one
 * was offered; the client then connects again offering none, and speaks v1.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { rootCertificates } from 'node:tls';
import WebSocket, { WebSocketServer } from 'ws';
import { codedError } from '../../errors.js';
import type {
  ConnectCallbacks,
  ConnectOptions,
  ListenOptions,
  SocketHandlers,
  WsServer,
  WsSocket,
  WsTransport,
} from '../transport.js';
import { errorMessage } from '../../util/error-text.js';

/** What ws says when a server selected none of the offered subprotocols. */
const NO_SUBPROTOCOL = 'Server sent no subprotocol';

class NodeSocket implements WsSocket {
  readonly #ws: WebSocket;
  readonly peer: string;
  #lastError = '';

  constructor(ws: WebSocket, peer: string) {
    this.#ws = ws;
    this.peer = peer;
    // An error is always followed by 'close', which reports it.
    ws.on('error', (error) => (this.#lastError = error.message));
  }

  get protocol(): string {
    return this.#ws.protocol;
  }

  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(text: string): void {
    this.#ws.send(text);
  }

  close(code: number, reason: string): void {
    this.#ws.close(code, reason);
  }

  terminate(): void {
    this.#ws.terminate();
  }

  ping(): boolean {
    if (this.#ws.readyState !== WebSocket.OPEN) return false;
    this.#ws.ping();
    return true;
  }

  pause(): void {
    this.#ws.pause();
  }

  resume(): void {
    this.#ws.resume();
  }

  setHandlers(handlers: SocketHandlers): void {
    const ws = this.#ws;
    // binaryType 'nodebuffer' (ws's default): a message is one Buffer.
    ws.on('message', (data, isBinary) =>
      handlers.message(isBinary ? null : (data as Buffer).toString('utf8')),
    );
    ws.on('pong', () => handlers.pong());
    ws.on('close', (code, reason) => {
      const text = reason.toString();
      handlers.close(code, text !== '' ? text : this.#lastError);
    });
  }
}

/** PEM text as given, or read from the file it names. */
function pem(value: string): string {
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8');
}

function connect(url: string, options: ConnectOptions, callbacks: ConnectCallbacks): () => void {
  let settled = false;
  let ws: WebSocket;
  const attempt = (protocols: readonly string[]): void => {
    try {
      ws = new WebSocket(url, [...protocols], {
        maxPayload: options.maxFrame,
        perMessageDeflate: false,
        handshakeTimeout: Math.ceil(options.timeout * 1000),
        // A zero masking key: both ends skip the XOR pass (a fifth of the CPU of a
        // stream). Masking guards intermediaries against scripts of a browser page
        // (RFC 6455 §10.3); a gaplic under Node is no such script.
        generateMask: (mask: Buffer) => mask.fill(0),
        // Node's `ca` replaces its trusted roots: keep them, and add the given CA.
        ...(options.ca !== undefined ? { ca: [...rootCertificates, pem(options.ca)] } : {}),
      });
    } catch (error) {
      settled = true;
      callbacks.fail(errorMessage(error));
      return;
    }
    const socket = ws;
    socket.on('error', (error) => {
      if (settled) return;
      if (error.message === NO_SUBPROTOCOL && protocols.length > 0) {
        attempt([]); // a v1 (ginsfsm) server
        return;
      }
      settled = true;
      callbacks.fail(error.message);
    });
    socket.once('open', () => {
      if (settled) return;
      settled = true;
      callbacks.open(new NodeSocket(socket, url));
    });
  };
  attempt(options.protocols);
  return () => {
    if (settled) return;
    settled = true;
    ws.terminate();
  };
}

async function listen(
  options: ListenOptions,
  onSocket: (socket: WsSocket) => void,
): Promise<WsServer> {
  let server: Server;
  try {
    server = options.tls
      ? createHttpsServer({ cert: pem(options.tls.cert), key: pem(options.tls.key) })
      : createHttpServer();
  } catch (error) {
    throw codedError(
      'ROUTER_LISTEN_FAILED',
      `cannot listen on ${options.host}:${options.port}: bad TLS certificate or key: ${errorMessage(error)}`,
      { cause: error },
    );
  }
  const wss = new WebSocketServer({
    server,
    maxPayload: options.maxFrame,
    perMessageDeflate: false,
    handleProtocols: (offered) => options.protocols.find((p) => offered.has(p)) ?? false,
  });
  wss.on('error', () => {}); // the server's own errors: reported by listen below
  wss.on('connection', (ws, request) => {
    const { remoteAddress = '?', remotePort = 0 } = request.socket;
    onSocket(new NodeSocket(ws, `${remoteAddress}:${remotePort}`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        codedError(
          'ROUTER_LISTEN_FAILED',
          `cannot listen on ${options.host}:${options.port}: ${error.message}`,
          {
            cause: error,
          },
        ),
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    host: address.address,
    port: address.port,
    url: `${options.tls ? 'wss' : 'ws'}://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The transport of the node entry. */
export const nodeWebSocketTransport: WsTransport = { connect, listen };
