/**
 * A WHATWG fetch handler behind Node's HTTP server: the `Request` it gets is built from
 * the IncomingMessage (fetch-request.ts: method, absolute URL from the Host header with
 * the path after the mount prefix, the header lines as received, the body already read,
 * an AbortSignal aborted when the client goes away), and the `Response` it answers is
 * written back:
 * status, headers (each Set-Cookie on its own line), then its body, streamed with
 * back-pressure: a chunk is read from the body only once the socket took the previous
 * one, so a client that never reads holds at most a socket's buffers and one chunk, and
 * the stream is cancelled when the client goes away.
 *
 * A body that comes whole (one chunk, then the end) gets a Content-Length; a longer one
 * goes out chunked on the same kept-alive connection. The body of a Response made of text
 * or bytes (`new Response('hello')`, `Response.json(...)`), unread, is written as it was
 * given, without a stream: undici keeps it as its body's `source`. That slot is undici's
 * own, so it is looked for with care, and any other shape takes the stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The absolute URL of `request` (from its Host header), with `path` as its path. */
export function absoluteUrl(
  request: IncomingMessage,
  scheme: 'http' | 'https',
  fallbackHost: string,
  path: string,
): string {
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host')
      return `${scheme}://${raw[i + 1]!}${path}`;
  }
  return `${scheme}://${fallbackHost}${path}`;
}

/** A Response, as far as it is checked before writing it. */
export function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  const r = value as Partial<Response> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.status === 'number' &&
    typeof r.headers?.forEach === 'function' &&
    r.body !== undefined
  );
}

/** Writes the status line and headers of `response` into `res` (not sent yet). */
export function writeHead(res: ServerResponse, response: Response): void {
  res.statusCode = response.status;
  if (response.statusText !== '') res.statusMessage = response.statusText;
  let cookies = false;
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') cookies = true;
    else res.setHeader(name, value);
  });
  if (cookies) res.setHeader('set-cookie', response.headers.getSetCookie());
}

/** The symbol of undici's internal state of a Response (null: none), found at first use. */
let kState: symbol | null | undefined;

function stateSymbol(): symbol | null {
  kState ??=
    Object.getOwnPropertySymbols(new Response('')).find(
      (symbol) => symbol.description === 'state',
    ) ?? null;
  return kState;
}

/**
 * The body of `response` as it was given, when it was text or bytes and is unread;
 * null for no body; undefined when it must be streamed.
 */
export function givenBody(response: Response): string | Uint8Array | null | undefined {
  const key = stateSymbol();
  if (key === null || !(response instanceof Response) || response.bodyUsed) return undefined;
  const state = (response as unknown as Record<symbol, { body?: unknown } | undefined>)[key];
  const body = state?.body as { source?: unknown; stream?: ReadableStream } | null | undefined;
  if (body === null) return null;
  const source = body?.source;
  if (body?.stream?.locked === true) return undefined;
  return typeof source === 'string' || source instanceof Uint8Array ? source : undefined;
}

/** What `streamBody` needs of the exchange it serves (to cancel a stream on close). */
export interface BodyHolder {
  reader: ReadableStreamDefaultReader<Uint8Array> | null;
}

/**
 * Writes the body of `response` into `res` (its head already set) and ends it. Resolves
 * when done or when the client went away (the stream is then cancelled); rejects if the
 * body stream fails (`res` is then destroyed if its head is gone already).
 */
export async function streamBody(
  res: ServerResponse,
  response: Response,
  holder: BodyHolder,
): Promise<void> {
  const given = givenBody(response);
  if (given !== undefined) {
    if (given === null) res.end();
    else {
      if (!res.hasHeader('content-length')) res.setHeader('content-length', byteLength(given));
      res.end(given);
    }
    return;
  }
  const body = response.body;
  if (body === null) {
    res.end();
    return;
  }
  const reader = body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  holder.reader = reader;
  try {
    const first = await reader.read();
    if (first.done) {
      res.end();
      return;
    }
    let chunk = await reader.read();
    if (chunk.done) {
      if (!res.hasHeader('content-length')) res.setHeader('content-length', first.value.length);
      res.end(first.value);
      return;
    }
    res.write(first.value);
    while (!chunk.done) {
      if (res.destroyed) break;
      if (!res.write(chunk.value)) await drained(res);
      if (res.destroyed) break;
      chunk = await reader.read();
    }
    if (res.destroyed) await reader.cancel();
    else res.end();
  } catch (error) {
    if (res.headersSent) res.destroy(); // else the caller can still answer 500
    throw error;
  } finally {
    holder.reader = null;
  }
}

/** Resolves when `res` can take more, or is closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}
