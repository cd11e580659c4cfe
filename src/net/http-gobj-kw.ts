/**
 * The kw of a gobj application's two events: the plain request of EV_HTTP_REQUEST, built
 * from Node's, and the answer of EV_HTTP_RESPONSE, checked (NET_HTTP_BAD_RESPONSE names
 * the key, the value and what was expected) before anything is written, so that a wrong
 * answer leaves the request waiting for a right one.
 */
import type { IncomingMessage } from 'node:http';
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { codedError } from '../errors.js';
import type { Kw } from '../gobj/gevent.js';
import { describeValue } from '../util/describe-value.js';
import { errorMessage } from '../util/error-text.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { HttpRequest } from './http-shapes.js';

/** The request of EV_HTTP_REQUEST `id`: `path` is the URL after `prefix`. */
export function requestOf(
  id: number,
  req: IncomingMessage,
  url: string,
  prefix: string,
  path: string,
  body: Uint8Array | null,
): HttpRequest {
  const mark = path.indexOf('?');
  return {
    id,
    method: req.method ?? 'GET',
    url,
    path: mark < 0 ? path : path.slice(0, mark),
    prefix,
    query: mark < 0 ? {} : queryOf(path.slice(mark + 1)),
    headers: req.headers,
    body: body ?? new Uint8Array(0),
    remoteAddress: req.socket.remoteAddress ?? '',
    remotePort: req.socket.remotePort ?? 0,
  };
}

function queryOf(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const seen = query[name];
    if (seen === undefined) query[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else query[name] = [seen, value];
  }
  return query;
}

/** An EV_HTTP_RESPONSE, checked. */
export interface Answer {
  readonly requestId: number;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number | readonly string[]>>;
  readonly payload: Buffer;
  /** The content type of the body's kind ('' for none), unless the headers give one. */
  readonly type: string;
}

/** Checks the kw of an EV_HTTP_RESPONSE; throws NET_HTTP_BAD_RESPONSE. */
export function answerOf(kw: Kw, where: string): Answer {
  const bad = (key: string, value: unknown, expected: string) =>
    codedError(
      'NET_HTTP_BAD_RESPONSE',
      `${where}: EV_HTTP_RESPONSE ${key} got ${describeValue(value)}, expected ${expected}`,
    );
  const { requestId, status = 200, headers = {}, body } = kw;
  if (typeof requestId !== 'number') {
    throw bad('requestId', requestId, 'the id of the request of an EV_HTTP_REQUEST');
  }
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw bad('status', status, 'an integer from 200 to 599');
  }
  if (!isPlainObject(headers) || !Object.values(headers).every(isHeaderValue)) {
    throw bad('headers', headers, 'an object of header name → text, number or list of texts');
  }
  const wrong = headerError(headers);
  if (wrong !== null) throw bad('headers', headers, `headers Node can write (${wrong})`);
  const [payload, type] = payloadOf(body);
  if (payload === null) throw bad('body', body, 'text, bytes or a value JSON can write');
  return {
    requestId,
    status,
    headers: headers as Answer['headers'],
    payload,
    type,
  };
}

/** Why Node would refuse `headers` (a name or a value), or null. */
function headerError(headers: Record<string, unknown>): string | null {
  try {
    for (const [name, value] of Object.entries(headers)) {
      validateHeaderName(name);
      validateHeaderValue(name, value as string); // numbers and lists are checked as text
    }
    return null;
  } catch (error) {
    return errorMessage(error);
  }
}

function isHeaderValue(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'number' ||
    (Array.isArray(value) && value.every((v) => typeof v === 'string'))
  );
}

/** The bytes of a body and the content type of its kind; null if it has none. */
function payloadOf(body: unknown): [Buffer | null, string] {
  if (body === undefined || body === null) return [Buffer.alloc(0), ''];
  if (typeof body === 'string') return [Buffer.from(body), 'text/plain; charset=utf-8'];
  if (body instanceof Uint8Array) {
    return [Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'application/octet-stream'];
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch {
    return [null, ''];
  }
  return text === undefined ? [null, ''] : [Buffer.from(text), 'application/json'];
}
