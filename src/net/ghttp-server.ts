/**
 * GHttpServer: an HTTP/1.1 server (Node's `node:http`, or `node:https` with `tlsCert` and
 * `tlsKey`) that serves applications by URL prefix, as ginsfsm's GHttpServer, GWsgiServer
 * and URLMap did together:
 *
 *   apps = { '/': 'site', '/api': honoApp, '/hello': helloGObj, '/old': nodeListener }
 *
 * The longest prefix that matches at a segment boundary wins, and its application sees
 * the path after the prefix (see url-map.ts). An application is a Node listener `(req,
 * res)`, a WHATWG fetch handler (`{ fetch(request) }`: a hono app as it is), a gobj, or a
 * name resolved at the first request: a global app, or `'gobj:<unique name>'` (see
 * http-apps.ts). With no app at all, every request goes to the subscriber.
 *
 * A gobj application is a state table: it gets EV_HTTP_REQUEST { request, server }, with
 * `request` plain data (http-shapes.ts `HttpRequest`: the body read whole), and answers
 * by sending the server EV_HTTP_RESPONSE { requestId, status, headers, body }, now or
 * later. An answer for a request that waits for none is the fault HTTP_UNKNOWN_REQUEST.
 *
 * Nothing a client or an application does ends the server; each is a fault with a code,
 * and an answer:
 *
 *   malformed request 400, header block over maxHeaderSize 431, too slow 408
 *       (Node's 'clientError'; the connection is closed, the server goes on)
 *   no prefix matches 404 (counted, not a fault)
 *   body over maxBodySize 413, declared or as it arrives (body-limit.ts)
 *   an application that throws, rejects, answers no Response... 500 (HTTP_APP_FAILED)
 *   a name that resolves to nothing 500 (HTTP_UNKNOWN_APP)
 *   no response started within responseTimeout 503 (HTTP_RESPONSE_TIMEOUT)
 *
 * Response timeouts cost no timer per request (response-timer.ts).
 *
 * The hot path of a Node listener is a prefix lookup, a scan of the raw header lines for
 * a body, a 'close' listener (counters) and the call. Its Node server is `httpServer`,
 * for a GWebSocketServer to mount on (`{ httpServer: http.httpServer, path: '/ws' }`).
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { codedError } from '../errors.js';
import type { FaultCode } from '../faults.js';
import { EventNotAccepted } from '../fsm/event-not-accepted.js';
import type { GEvent, Kw } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';
import type { GObjHost } from '../gobj/host.js';
import { broadcast } from '../gobj/publish.js';
import { kFault, kHost, kHttpExchange, kLabel } from '../symbols.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage, errorText } from '../util/error-text.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { CHUNKED, declaredLength, limitChunked, readBody } from './body-limit.js';
import {
  absoluteUrl,
  isResponse,
  streamBody,
  writeHead,
  type BodyHolder,
} from './fetch-adapter.js';
import { lightRequest, type SignalHolder } from './fetch-request.js';
import { APP_EXPECTED, resolveLate, targetOf, type Target } from './http-apps.js';
import { answerOf, requestOf } from './http-gobj-kw.js';
import {
  badOption,
  checkLimits,
  HTTP_GCONFIG,
  nodeServerOptions,
  type HttpLimits,
} from './http-config.js';
import { rawReply, reply } from './http-reply.js';
import type {
  HttpAddress,
  HttpFetchApp,
  HttpNodeListener,
  HttpRequest,
  HttpStats,
} from './http-shapes.js';
import { ResponseTimer } from './response-timer.js';
import { serverPems } from './tls.js';
import { badPrefix, normalizePrefix, stripPrefix, UrlMap } from './url-map.js';
import type { WsHttpServer } from './ws-shapes.js';

/** The kw of each event of a GHttpServer. */
export type GHttpServerKw = {
  readonly EV_HTTP_REQUEST: { readonly request: HttpRequest; readonly server: GHttpServer };
  readonly EV_HTTP_RESPONSE: {
    readonly requestId: number;
    /** @default 200 */
    readonly status?: number;
    readonly headers?: Readonly<Record<string, string | number | readonly string[]>>;
    /** Text, bytes, or a value sent as JSON; none: an empty body. */
    readonly body?: unknown;
  };
  readonly EV_LISTENING: { readonly [K in keyof HttpAddress]: HttpAddress[K] };
};

function acResponse(server: GHttpServer, event: GEvent): boolean {
  return server.respond(event.kw);
}

const fsm = {
  eventList: [
    'EV_HTTP_RESPONSE: top input',
    'EV_HTTP_REQUEST: top output',
    'EV_LISTENING: top output',
  ],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_HTTP_RESPONSE', acResponse, null]] },
} as const;

/** What a prefix leads to: the configured target, and what it resolved to. */
interface Route {
  readonly configured: Target;
  target: Target;
}

/** A request served to a fetch handler or a gobj (a Node listener needs none). */
class Exchange implements BodyHolder, SignalHolder {
  id = 0;
  gone = false;
  /** Answered, failed, timed out or abandoned: nothing more is written for it. */
  done = false;
  controller: AbortController | null = null;
  reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** As received, prefix included. */
  readonly url: string;
  readonly prefix: string;
  constructor(req: IncomingMessage, res: ServerResponse, url: string, prefix: string) {
    this.req = req;
    this.res = res;
    this.url = url;
    this.prefix = prefix;
  }
}

/** What a Node listener's request carries besides Node's (Express's names). */
interface MountedRequest extends IncomingMessage {
  /** The URL as received, prefix included. */
  originalUrl?: string;
  /** The mount prefix (`''` at the root). */
  baseUrl?: string;
}

type Timed = ServerResponse & { [kHttpExchange]?: Exchange };

const SLASH = 0x2f;
/** Seconds a socket we answered for Node (400, 408, 431) may take to flush before it is cut. */
const LINGER_MS = 2000;
const noop = (): void => {};

export class GHttpServer extends GObj<typeof fsm, typeof HTTP_GCONFIG, GHttpServerKw> {
  static override fsm = fsm;
  static override gconfig = HTTP_GCONFIG;
  #server: Server | null = null;
  #host: GObjHost | null = null;
  #scheme: 'http' | 'https' = 'http';
  #map = new UrlMap<Route>([]);
  #limits: HttpLimits | null = null;
  #maxBody = 0;
  /** Times the responses (null: responseTimeout is 0). */
  #timer: ResponseTimer<ServerResponse> | null = null;
  #listening: Promise<HttpAddress> | null = null;
  #address: HttpAddress | null = null;
  /** Host of a request without a Host header (HTTP/1.0), for a fetch handler's URL. */
  #fallbackHost = '127.0.0.1';
  #serial = 0;
  /** Requests of gobj applications waiting for EV_HTTP_RESPONSE, by id. */
  readonly #pending = new Map<number, Exchange>();
  #requests = 0;
  #responses = 0;
  #aborted = 0;
  #notFound = 0;
  #clientErrors = 0;
  #tooLarge = 0;
  #appErrors = 0;
  #timeouts = 0;
  #connections = 0;

  readonly #onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    this.#requests++;
    let url = req.url ?? '/';
    if (url.charCodeAt(0) !== SLASH) url = originForm(url);
    const entry = this.#map.match(url);
    if (entry === null) {
      this.#notFound++;
      res.on('close', this.#onResponseClose);
      reply(res, 404, '');
      return;
    }
    const route = entry.value;
    const target = route.target;
    if (target.kind === 'node') this.#serveNode(target.listener, req, res, url, entry.prefix);
    else this.#serve(route, req, res, url, entry.prefix);
  };

  /** Counts the end of a response, and forgets its timing (`this`: the response). */
  readonly #onResponseClose = ((server: GHttpServer) =>
    function onResponseClose(this: ServerResponse): void {
      server.#closed(this);
    })(this);

  /** The same, for a response of a fetch handler or a gobj (`this`: the response). */
  readonly #onExchangeClose = ((server: GHttpServer) =>
    function onExchangeClose(this: Timed): void {
      server.#closed(this);
      server.#exchangeClosed(this, this[kHttpExchange]!);
    })(this);

  /** `Expect: 100-continue`: no 100 for a body declared over maxBodySize (413 instead). */
  readonly #onCheckContinue = (req: IncomingMessage, res: ServerResponse): void => {
    const max = this.#maxBody;
    if (max === 0 || declaredLength(req.rawHeaders) <= max) res.writeContinue();
    this.#onRequest(req, res);
  };

  readonly #onClientError = (error: Error & { code?: string }, socket: Socket): void => {
    this.#clientError(error, socket);
  };

  readonly #onConnection = (socket: Socket): void => {
    this.#connections++;
    socket.once('close', this.#onSocketClose);
  };

  readonly #onSocketClose = (): void => {
    this.#connections--;
  };

  readonly #onDrop = (data?: { remoteAddress?: string; remotePort?: number }): void => {
    this.#fault(
      'HTTP_TOO_MANY_CONNECTIONS',
      `refused a connection from ${data?.remoteAddress ?? '?'}:${data?.remotePort ?? 0}: maxConnections (${this.#limits?.maxConnections ?? 0}) are open`,
    );
  };

  override startUp(): void {
    // A server without parent nor subscriber (apps only) tells nobody.
    const subscriber = this.config.subscriber ?? this.parent;
    if (subscriber !== null) this.subscribeEvent(null, subscriber);
    const where = this[kLabel]();
    const host = this[kHost];
    if (host === null) {
      throw codedError('GOBJ_NO_GAPLIC', `${where}: a GHttpServer needs a gaplic to run`);
    }
    this.#host = host;
    const c = this.config;
    const limits = checkLimits(where, c);
    this.#map = this.#urlMap(where);
    const tlsCert = c.tlsCert ?? '';
    const tlsKey = c.tlsKey ?? '';
    if ((tlsCert === '') !== (tlsKey === '')) {
      const [key, value] = tlsCert === '' ? ['tlsCert', tlsCert] : ['tlsKey', tlsKey];
      throw badOption(where, key, value, 'PEM text or a PEM file, as both tlsCert and tlsKey are');
    }
    this.#limits = limits;
    this.#maxBody = limits.maxBodySize;
    if (limits.responseTimeout > 0) {
      this.#timer = new ResponseTimer(host, limits.responseTimeout, (res) => this.#timedOut(res));
    }
    const options = nodeServerOptions(limits);
    let server: Server;
    if (tlsCert !== '') {
      this.#scheme = 'https';
      server = createHttpsServer({ ...serverPems(where, tlsCert, tlsKey), ...options });
    } else {
      server = createHttpServer(options);
    }
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.headersTimeout = options.headersTimeout;
    server.requestTimeout = options.requestTimeout;
    if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
    server.on('request', this.#onRequest);
    server.on('checkContinue', this.#onCheckContinue);
    server.on('clientError', this.#onClientError);
    server.on('connection', this.#onConnection);
    server.on('drop', this.#onDrop);
    this.#server = server;
    this.#listening = this.#listen(server);
    // Whoever awaits `listening` sees the error; the fault is logged either way.
    this.#listening.catch(noop);
  }

  override goOut(): void {
    this.#timer?.stop();
    this.#pending.clear();
    const server = this.#server;
    if (server === null) return;
    server.close();
    server.closeAllConnections();
  }

  /** Resolves with the address once it listens; rejects with NET_HTTP_LISTEN_FAILED. */
  get listening(): Promise<HttpAddress> {
    return this.#listening ?? Promise.reject(new Error('not started'));
  }

  /** The address, once listening. */
  get address(): HttpAddress | null {
    return this.#address;
  }

  /**
   * The Node `http.Server` (or `https.Server`) underneath, once started (`createGObj`
   * starts it): for a GWebSocketServer to mount on, or for Node's own events.
   */
  get httpServer(): WsHttpServer {
    return this.#server!;
  }

  /** The counters since it started. */
  get stats(): HttpStats {
    return {
      requests: this.#requests,
      responses: this.#responses,
      aborted: this.#aborted,
      notFound: this.#notFound,
      clientErrors: this.#clientErrors,
      tooLarge: this.#tooLarge,
      appErrors: this.#appErrors,
      timeouts: this.#timeouts,
      connections: this.#connections,
    };
  }

  // ---- configuration --------------------------------------------------------------------

  #urlMap(where: string): UrlMap<Route> {
    const { application } = this.config;
    const apps = jsonObject(this.config.apps);
    if (!isPlainObject(apps)) {
      throw badOption(where, 'apps', apps, 'an object of URL prefix → application');
    }
    const routes = new Map<string, Route>();
    const add = (key: string, prefix: string, value: unknown): void => {
      const bad = badPrefix(prefix);
      if (bad !== null) throw badOption(where, `${key} prefix`, prefix, bad);
      const normalized = normalizePrefix(prefix);
      if (routes.has(normalized)) {
        throw key === 'apps'
          ? badOption(where, 'apps prefix', prefix, 'a prefix given once')
          : badOption(where, 'application', value, "null when apps has the prefix '/'");
      }
      const target = targetOf(value);
      if (target === null) {
        throw badOption(where, key === 'apps' ? `apps['${prefix}']` : key, value, APP_EXPECTED);
      }
      routes.set(normalized, { configured: target, target });
    };
    for (const [prefix, value] of Object.entries(apps)) add('apps', prefix, value);
    if (application !== null && application !== undefined) add('application', '/', application);
    if (routes.size === 0) {
      const subscriber: Target = { kind: 'subscriber' };
      routes.set('', { configured: subscriber, target: subscriber });
    }
    return new UrlMap([...routes].map(([prefix, value]) => ({ prefix, value })));
  }

  async #listen(server: Server): Promise<HttpAddress> {
    const { port } = this.config;
    const host = this.config.host ?? '127.0.0.1';
    const where = `cannot listen on ${host}:${port}`;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const message = `${this[kLabel]()}: ${where}: ${errorMessage(error)}`;
      this[kFault]('HTTP_LISTEN_FAILED', message, null, error);
      throw codedError('NET_HTTP_LISTEN_FAILED', message, { cause: error });
    }
    const address = server.address() as AddressInfo;
    const shown = address.address.includes(':') ? `[${address.address}]` : address.address;
    this.#fallbackHost = `${shown}:${address.port}`;
    this.#address = {
      host: address.address,
      port: address.port,
      url: `${this.#scheme}://${shown}:${address.port}`,
    };
    if (this.destroyed) server.close();
    else broadcast(this, 'EV_LISTENING', this, { ...this.#address });
    return this.#address;
  }

  // ---- serving ----------------------------------------------------------------------------

  #serveNode(
    listener: HttpNodeListener,
    req: MountedRequest,
    res: ServerResponse,
    url: string,
    prefix: string,
  ): void {
    res.on('close', this.#onResponseClose);
    req.originalUrl = url;
    req.baseUrl = prefix;
    if (prefix !== '') req.url = stripPrefix(url, prefix);
    const max = this.#maxBody;
    if (max > 0) {
      const declared = declaredLength(req.rawHeaders);
      if (declared > max) {
        this.#refuseBody(req, res, url);
        return;
      }
      if (declared === CHUNKED) limitChunked(req, max, () => this.#refuseBody(req, res, url));
    }
    this.#timer?.add(res);
    try {
      const result = listener(req, res) as { then?: unknown } | undefined;
      if (typeof result?.then === 'function') {
        (result as Promise<unknown>).then(undefined, (error: unknown) =>
          this.#appFailed(req, res, url, prefix, 'rejected with', error),
        );
      }
    } catch (error) {
      this.#appFailed(req, res, url, prefix, 'threw', error);
    }
  }

  /** A request for a fetch handler, a gobj, the subscriber, or a name to resolve first. */
  #serve(route: Route, req: IncomingMessage, res: ServerResponse, url: string, prefix: string) {
    const target = this.#resolve(route);
    if (typeof target === 'string') {
      res.on('close', this.#onResponseClose);
      this.#appErrors++;
      this.#fault('HTTP_UNKNOWN_APP', `${req.method} ${url}: answered 500: ${target}`);
      reply(res, 500, this.config.exposeErrors ? target : '');
      return;
    }
    if (target.kind === 'node') {
      this.#serveNode(target.listener, req, res, url, prefix);
      return;
    }
    const exchange = new Exchange(req, res, url, prefix);
    (res as Timed)[kHttpExchange] = exchange;
    res.on('close', this.#onExchangeClose);
    const max = this.#maxBody;
    const declared = declaredLength(req.rawHeaders);
    if (max > 0 && declared > max) {
      this.#refuseBody(req, res, url);
      return;
    }
    this.#timer?.add(res);
    const run =
      target.kind === 'fetch'
        ? (body: Uint8Array | null) => void this.#fetch(exchange, target.app, body)
        : (body: Uint8Array | null) =>
            this.#deliver(exchange, target.kind === 'gobj' ? target.gobj : null, body);
    if (declared === 0) {
      run(null);
      return;
    }
    readBody(
      req,
      declared,
      max,
      (body) => {
        if (body !== null && !exchange.done) run(body);
      },
      () => {
        exchange.done = true;
        this.#refuseBody(req, res, url);
      },
    );
  }

  /** The target of a route now: a late one resolved (and kept), or why it cannot be. */
  #resolve(route: Route): Target | string {
    let target = route.target;
    if (target.kind === 'gobj' && target.gobj.destroyed && route.configured.kind === 'unique') {
      target = route.target = route.configured;
    }
    if (target.kind !== 'named' && target.kind !== 'unique') return target;
    const host = this.#host!;
    const resolved = resolveLate(target, (name) => host.findUniqueGObj(name));
    if (typeof resolved !== 'string') route.target = resolved;
    return resolved;
  }

  async #fetch(exchange: Exchange, app: HttpFetchApp, body: Uint8Array | null): Promise<void> {
    const { req, res, url, prefix } = exchange;
    let response: unknown;
    try {
      const path = stripPrefix(url, prefix);
      const absolute = absoluteUrl(req, this.#scheme, this.#fallbackHost, path);
      const request = lightRequest(req, absolute, body, exchange);
      response = await app.fetch(request, {
        prefix,
        originalUrl: url,
        remoteAddress: req.socket.remoteAddress ?? '',
        remotePort: req.socket.remotePort ?? 0,
      });
    } catch (error) {
      if (!exchange.done) this.#appFailed(req, res, url, prefix, 'threw', error, exchange);
      return;
    }
    if (exchange.done || res.destroyed) {
      // Too late (timed out), or nobody to read it: the body is not read.
      if (isResponse(response)) response.body?.cancel().catch(noop);
      return;
    }
    if (!isResponse(response)) {
      const what = `answered ${describeValue(response)}, expected a Response`;
      this.#appFailed(req, res, url, prefix, what, undefined, exchange);
      return;
    }
    exchange.done = true;
    this.#timer?.delete(res);
    try {
      writeHead(res, response);
      await streamBody(res, response, exchange);
    } catch (error) {
      if (!res.headersSent && !res.destroyed) {
        const what = 'answered a Response that could not be written:';
        this.#appFailed(req, res, url, prefix, what, error, exchange);
        return;
      }
      this.#appErrors++;
      this.#fault(
        'HTTP_APP_FAILED',
        `${req.method} ${url}: connection cut: the body stream of the app at ${prefix || '/'} failed: ${errorText(error)}`,
        error,
      );
    }
  }

  /** Sends EV_HTTP_REQUEST to `gobj` (null: broadcast to the subscriber). */
  #deliver(exchange: Exchange, gobj: GObj | null, body: Uint8Array | null): void {
    const { req, res, url, prefix } = exchange;
    const id = ++this.#serial;
    exchange.id = id;
    this.#pending.set(id, exchange);
    const path = stripPrefix(url, prefix);
    const request = requestOf(id, req, url, prefix, path, body);
    const kw = { request, server: this };
    if (gobj === null) {
      broadcast(this, 'EV_HTTP_REQUEST', this, kw);
      return;
    }
    let result: unknown;
    try {
      result = this.sendEvent(gobj, 'EV_HTTP_REQUEST', kw);
    } catch (error) {
      if (this.#pending.delete(id))
        this.#appFailed(req, res, url, prefix, 'threw', error, exchange);
      return;
    }
    if (result === EventNotAccepted && this.#pending.delete(id)) {
      const what = `(${gobj[kLabel]()}) does not accept EV_HTTP_REQUEST in state '${gobj.getCurrentState()}'`;
      this.#appFailed(req, res, url, prefix, what, undefined, exchange);
    }
  }

  /** @internal EV_HTTP_RESPONSE: answers a request of a gobj application. */
  respond(kw: Kw): boolean {
    const { requestId, status, headers, payload, type } = answerOf(kw, this[kLabel]());
    const exchange = this.#pending.get(requestId);
    if (exchange === undefined) {
      this.#fault(
        'HTTP_UNKNOWN_REQUEST',
        `EV_HTTP_RESPONSE for request ${requestId}, which waits for no response (answered, timed out, its client gone, or never made)`,
        undefined,
        'EV_HTTP_RESPONSE',
      );
      return false;
    }
    this.#pending.delete(requestId);
    exchange.done = true;
    const res = exchange.res;
    this.#timer?.delete(res);
    if (res.destroyed) return true; // the client went away meanwhile
    res.statusCode = status;
    for (const [name, value] of Object.entries(headers)) {
      res.setHeader(name, value);
    }
    if (!res.hasHeader('content-type') && type !== '') res.setHeader('content-type', type);
    res.setHeader('content-length', payload.length);
    res.end(payload);
    return true;
  }

  // ---- failures -----------------------------------------------------------------------------

  #refuseBody(req: IncomingMessage, res: ServerResponse, url: string): void {
    this.#tooLarge++;
    this.#timer?.delete(res);
    const max = this.#maxBody;
    this.#fault(
      'HTTP_BODY_TOO_LARGE',
      `${req.method} ${url}: answered 413: body over maxBodySize (${max} bytes)`,
    );
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.on('error', noop); // a Node listener may still write: it finds headersSent
    reply(res, 413, `body over ${max} bytes`, true);
  }

  #appFailed(
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    prefix: string,
    what: string,
    error: unknown,
    exchange?: Exchange,
  ): void {
    if (exchange !== undefined) exchange.done = true;
    this.#timer?.delete(res);
    this.#appErrors++;
    // The log line ends with the error's stack; the 500 shows its first line at most.
    const text = error === undefined ? '' : ` ${errorText(error)}`;
    this.#fault(
      'HTTP_APP_FAILED',
      `${req.method} ${url}: answered 500: the app at ${prefix || '/'} ${what}${text}`,
      error,
    );
    const cause = `${what}${text.split('\n')[0]}`;
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    res.on('error', noop);
    reply(res, 500, this.config.exposeErrors ? cause : '');
  }

  #clientError(error: Error & { code?: string }, socket: Socket): void {
    const code = error.code ?? '';
    // A response still being written on this connection cannot be followed by ours.
    const message = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
    const busy = message != null && message.headersSent && !message.writableEnded;
    if (code === 'ECONNRESET' || !socket.writable || busy) {
      socket.destroy();
      return;
    }
    this.#clientErrors++;
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    const limits = this.#limits!;
    let status = 400;
    if (code === 'HPE_HEADER_OVERFLOW') {
      status = 431;
      this.#fault(
        'HTTP_HEADERS_TOO_LARGE',
        `${peer}: answered 431: header block over maxHeaderSize (${limits.maxHeaderSize} bytes)`,
      );
    } else if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      status = 408;
      this.#fault(
        'HTTP_REQUEST_TIMEOUT',
        `${peer}: answered 408: request too slow (headersTimeout ${limits.headersTimeout} s, requestTimeout ${limits.requestTimeout} s)`,
      );
    } else {
      const reason = (error as { reason?: unknown }).reason;
      const detail = typeof reason === 'string' ? reason : error.message;
      this.#fault(
        'HTTP_BAD_REQUEST',
        `${peer}: answered 400: malformed request (${detail}, ${code || 'no code'})`,
      );
    }
    socket.setTimeout(LINGER_MS, () => socket.destroy());
    socket.end(rawReply(status));
  }

  #fault(code: FaultCode, text: string, error?: unknown, event: string | null = null): void {
    this[kFault](code, `${this[kLabel]()}: ${text}`, event, error);
  }

  // ---- counters and response timeouts -------------------------------------------------------

  #closed(res: ServerResponse): void {
    if (res.writableFinished) this.#responses++;
    else this.#aborted++;
    this.#timer?.delete(res);
  }

  #exchangeClosed(res: ServerResponse, exchange: Exchange): void {
    if (res.writableFinished) return;
    exchange.gone = true; // the client went away
    exchange.controller?.abort();
    exchange.reader?.cancel().catch(noop);
    if (!exchange.done) {
      exchange.done = true;
      this.#pending.delete(exchange.id);
    }
  }

  #timedOut(res: Timed): void {
    const exchange = res[kHttpExchange];
    if (exchange !== undefined) {
      if (exchange.done) return;
      exchange.done = true;
      exchange.gone = true; // its signal says the answer is no longer wanted
      this.#pending.delete(exchange.id);
      exchange.controller?.abort();
    }
    if (res.headersSent || res.destroyed) return; // a Node listener that answers
    const req = res.req as MountedRequest;
    const url = exchange?.url ?? req.originalUrl ?? req.url;
    const prefix = exchange?.prefix ?? req.baseUrl ?? '';
    this.#timeouts++;
    this.#fault(
      'HTTP_RESPONSE_TIMEOUT',
      `${req.method} ${url}: answered 503: the app at ${prefix || '/'} did not answer within ${this.#limits!.responseTimeout} s (responseTimeout)`,
    );
    res.on('error', noop); // a Node listener may still write: it finds headersSent
    reply(res, 503, 'response timeout');
  }
}

/** `value`, or the object a JSON text of one gives (an ini value). */
function jsonObject(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The path and query of an absolute-form request target (`http://h/x?q` → `/x?q`). */
function originForm(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
