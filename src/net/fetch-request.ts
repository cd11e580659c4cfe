/**
 * The `Request` a fetch handler gets, built lazily: Node's WHATWG Request (undici's)
 * costs about 15 µs to build, and 50 µs with an AbortSignal, more than a whole "hello"
 * response through node:http. Most handlers read only its method, URL and a few headers,
 * so the object handed over is a light one (as @hono/node-server does): an instance of
 * `Request` (its prototype inherits Request.prototype) whose `method`, `url`, `headers`
 * and `signal` are its own, and whose every other member (`body`, `text()`, `json()`,
 * `clone()`...) first builds the real Request, with the same method, URL, headers, body
 * and signal, and answers from it. Undici's own symbol-keyed slots are forwarded too, so
 * the light request can be given to `fetch()` or `new Request()` as it is.
 */
import type { IncomingMessage } from 'node:http';

/** Where the light request keeps its AbortController (the exchange that aborts it). */
export interface SignalHolder {
  controller: AbortController | null;
  /** The client went away (or the answer timed out): a signal asked for now is aborted. */
  gone: boolean;
}

const kNode = Symbol('ginsfsm.request.node');
const kUrl = Symbol('ginsfsm.request.url');
const kBody = Symbol('ginsfsm.request.body');
const kHolder = Symbol('ginsfsm.request.holder');
const kHeaders = Symbol('ginsfsm.request.headers');
const kReal = Symbol('ginsfsm.request.real');

interface Light {
  [kNode]: IncomingMessage;
  [kUrl]: string;
  [kBody]: Uint8Array | null;
  [kHolder]: SignalHolder;
  [kHeaders]: Headers | null;
  [kReal]: Request | null;
}

function headersOf(light: Light): Headers {
  let headers = light[kHeaders];
  if (headers === null) {
    headers = new Headers();
    const raw = light[kNode].rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    light[kHeaders] = headers;
  }
  return headers;
}

function signalOf(light: Light): AbortSignal {
  const holder = light[kHolder];
  if (holder.gone) return AbortSignal.abort();
  holder.controller ??= new AbortController();
  return holder.controller.signal;
}

function realOf(light: Light): Request {
  let real = light[kReal];
  if (real === null) {
    const method = light[kNode].method ?? 'GET';
    real = new Request(light[kUrl], {
      method,
      headers: headersOf(light),
      body: method === 'GET' || method === 'HEAD' ? null : light[kBody],
      signal: signalOf(light),
    });
    light[kReal] = real;
  }
  return real;
}

/**
 * The prototype of the light requests, made at the first one: building it touches
 * Node's `Request`, which loads undici, and a server without fetch handlers need not.
 */
let lightPrototype: object | null = null;

function makePrototype(): object {
  const prototype: object = Object.create(Request.prototype, {
    method: {
      get(this: Light) {
        return this[kNode].method ?? 'GET';
      },
    },
    url: {
      get(this: Light) {
        return this[kUrl];
      },
    },
    headers: {
      get(this: Light) {
        return this[kReal]?.headers ?? headersOf(this);
      },
    },
    signal: {
      get(this: Light) {
        return this[kReal]?.signal ?? signalOf(this);
      },
    },
  }) as object;

  // Every other member of Request.prototype answers from the real Request.
  for (const name of Object.getOwnPropertyNames(Request.prototype)) {
    if (name === 'constructor' || Object.hasOwn(prototype, name)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name)!;
    if (descriptor.get !== undefined) {
      Object.defineProperty(prototype, name, {
        get(this: Light) {
          return (realOf(this) as unknown as Record<string, unknown>)[name];
        },
      });
    } else if (typeof descriptor.value === 'function') {
      Object.defineProperty(prototype, name, {
        value(this: Light, ...args: unknown[]) {
          const real = realOf(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
          return real[name]!(...args);
        },
      });
    }
  }
  // Undici reads its slots (state, headers, signal...) by symbol: those of the real one.
  for (const symbol of Object.getOwnPropertySymbols(new Request('http://localhost/'))) {
    Object.defineProperty(prototype, symbol, {
      get(this: Light) {
        return (realOf(this) as unknown as Record<symbol, unknown>)[symbol];
      },
    });
  }
  return prototype;
}

/** The Request of `request` at absolute `url`, its body read already (null: none). */
export function lightRequest(
  request: IncomingMessage,
  url: string,
  body: Uint8Array | null,
  holder: SignalHolder,
): Request {
  lightPrototype ??= makePrototype();
  const light = Object.create(lightPrototype) as Light;
  light[kNode] = request;
  light[kUrl] = url;
  light[kBody] = body;
  light[kHolder] = holder;
  light[kHeaders] = null;
  light[kReal] = null;
  return light as unknown as Request;
}
