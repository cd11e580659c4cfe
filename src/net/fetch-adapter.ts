/**
 * A WHATWG fetch handler behind Node's HTTP server: the `Request` it gets is built from
 * the IncomingMessage (method, absolute URL from the Host header with the path after the
 * mount prefix, the header lines as received, the body already read, an AbortSignal
 * aborted when the client goes away), and the `Response` it answers is written back:
 * status, headers (each Set-Cookie on its own line), then its body, streamed with
 * back-pressure: a chunk is read from the body only once the socket took the previous
 * one, so a client that never reads holds at most a socket's buffers and one chunk, and
 * the stream is cancelled when the client goes away.
 *
 * A body that comes whole (one chunk, then the end: `new Response('text')`, JSON) gets a
 * Content-Length; a longer one goes out chunked on the same kept-alive connection.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Builds the Request of `request`, whose path after its prefix is `path`. */
export function toRequest(
  request: IncomingMessage,
  scheme: 'http' | 'https',
  fallbackHost: string,
  path: string,
  body: Uint8Array | null,
  signal: AbortSignal,
): Request {
  const headers = new Headers();
  const raw = request.rawHeaders;
  let host = fallbackHost;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    if (name.length === 4 && name.toLowerCase() === 'host') host = value;
    headers.append(name, value);
  }
  const method = request.method ?? 'GET';
  return new Request(`${scheme}://${host}${path}`, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? null : body,
    signal,
  });
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

/** What `streamBody` needs of the exchange it serves (to cancel a stream on close). */
export interface BodyHolder {
  reader: ReadableStreamDefaultReader<Uint8Array> | null;
}

/**
 * Writes the body of `response` into `res` (its head already set) and ends it. Resolves
 * when done or when the client went away (the stream is then cancelled); rejects if the
 * body stream fails (`res` is then destroyed, as its head may be gone already).
 */
export async function streamBody(
  res: ServerResponse,
  response: Response,
  holder: BodyHolder,
): Promise<void> {
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
    res.destroy();
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
