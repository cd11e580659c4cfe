/**
 * What GHttpServer's public types say of Node's and WHATWG's HTTP objects, as structural
 * types: the package's declarations then need neither `@types/node` nor the DOM library
 * in a consumer's project, while a Node `(req, res)` listener, a hono app or any object
 * with a WHATWG `fetch(request)` method fits them as it is.
 */
import type { GObj } from '../gobj/gobj.js';

/** The request a Node listener gets (a Node `IncomingMessage`, as far as we name it). */
export interface HttpIncoming {
  /** The URL after the mount prefix (`/users?id=1` for `/api/users?id=1` under `/api`). */
  url?: string | undefined;
  readonly method?: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The response a Node listener writes (a Node `ServerResponse`, as far as we name it). */
export interface HttpOutgoing {
  statusCode: number;
  readonly headersSent: boolean;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
  end(data?: string | Uint8Array): unknown;
}

/**
 * A Node request listener, `(req, res) => void` (an `http.createServer` callback, an
 * Express or Koa `callback()` app). Declared as a method so that a listener typed with
 * Node's own `IncomingMessage` and `ServerResponse` fits.
 */
export type HttpNodeListener = {
  listener(request: HttpIncoming, response: HttpOutgoing): unknown;
}['listener'];

/** The `Request` a fetch handler gets (a WHATWG Request, as far as we name it). */
export interface HttpFetchRequest {
  readonly method: string;
  /** Absolute, with the path after the mount prefix: `http://host:port/users?id=1`. */
  readonly url: string;
}

/** What a fetch handler answers (a WHATWG Response, as far as we name it). */
export interface HttpFetchResponse {
  readonly status: number;
}

/** The second argument of a fetch handler (hono's `c.env`). */
export interface HttpFetchInfo {
  /** The mount prefix the request came through (`''` at the root). */
  readonly prefix: string;
  /** The URL as received, prefix included: `/api/users?id=1`. */
  readonly originalUrl: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/**
 * A WHATWG fetch handler: an object with a `fetch(request)` method answering a Response
 * (a hono app, a Bun-style `{ fetch }` object). A bare function is a Node listener: wrap
 * a fetch function as `{ fetch }`.
 */
export interface HttpFetchApp {
  fetch(
    request: HttpFetchRequest,
    info: HttpFetchInfo,
  ): HttpFetchResponse | Promise<HttpFetchResponse>;
}

/**
 * An application of a GHttpServer: a Node listener, a fetch handler, a gobj (it gets
 * EV_HTTP_REQUEST and answers EV_HTTP_RESPONSE), or a string: `'gobj:<unique name>'` for
 * a gobj by name, else the name of a global app (`setGlobalApp`; `'app:<name>'` too),
 * resolved at its first request.
 */
export type HttpApp = HttpNodeListener | HttpFetchApp | GObj | string;

/** The request of EV_HTTP_REQUEST: plain data, for applications written as gclasses. */
export interface HttpRequest {
  /** Answer with EV_HTTP_RESPONSE `{ requestId: id, ... }`. */
  readonly id: number;
  readonly method: string;
  /** The URL as received, prefix included: `/api/users?id=1`. */
  readonly url: string;
  /** The path after the mount prefix, without the query: `/users`. */
  readonly path: string;
  /** The mount prefix (`''` at the root). */
  readonly prefix: string;
  /** The query parameters; a repeated one gives an array. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Lower-case names; repeated headers joined with `', '` (`set-cookie`: an array). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The whole body (empty without one), at most `maxBodySize` bytes. */
  readonly body: Uint8Array;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** Where a GHttpServer listens. */
export interface HttpAddress {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` or `https://host:port`. */
  readonly url: string;
}

/** Counters of a GHttpServer since it started. */
export interface HttpStats {
  /** Requests received (each one dispatched, or answered by the server itself). */
  readonly requests: number;
  /** Responses sent in full. */
  readonly responses: number;
  /** Responses cut because the client went away or the connection failed first. */
  readonly aborted: number;
  /** Requests no prefix matched (404). */
  readonly notFound: number;
  /** Malformed requests, header blocks over maxHeaderSize, slow clients (400, 431, 408). */
  readonly clientErrors: number;
  /** Bodies over maxBodySize (413). */
  readonly tooLarge: number;
  /** Applications that threw, failed or could not be found (500). */
  readonly appErrors: number;
  /** Applications that did not answer within responseTimeout (503). */
  readonly timeouts: number;
  /** Connections open now. */
  readonly connections: number;
}
