/**
 * The parameters of a GHttpServer, and the check of their values when it starts: a wrong
 * one throws NET_HTTP_BAD_OPTION naming the key, the value and what was expected. Times
 * are in seconds (Node's options in milliseconds are derived from them); 0 turns a limit
 * off where the table says so.
 */
import { codedError } from '../errors.js';
import type { GConfigTemplate } from '../gconfig/template.js';
import type { GObj } from '../gobj/gobj.js';
import { describeValue } from '../util/describe-value.js';
import type { HttpApp } from './http-shapes.js';

/** The default of `apps`: none (shared, frozen). */
const NO_APPS: Readonly<Record<string, HttpApp>> = Object.freeze({});

export const HTTP_GCONFIG = {
  subscriber: {
    type: 'any',
    default: null as GObj | string | null,
    description:
      'Who receives EV_LISTENING, and EV_HTTP_REQUEST when there is no app (a gobj or unique name); null = the parent',
  },
  host: { type: 'str', default: '127.0.0.1', description: 'Address to listen on' },
  port: { type: 'int', default: 0, description: 'Port to listen on (0: any free port)' },
  tlsCert: {
    type: 'str',
    default: '',
    description: 'PEM certificate (text or file): https://',
  },
  tlsKey: { type: 'str', default: '', description: 'PEM key (text or file) of tlsCert' },
  apps: {
    // 'any', not 'dict': a listener written inline gets its parameters' types from
    // HttpApp; an ini value (a JSON object of names) is parsed by the server.
    type: 'any',
    default: NO_APPS,
    description:
      "URL prefix → application (a Node listener, a fetch handler, a gobj, 'gobj:<name>' or a global app name)",
  },
  application: {
    type: 'any',
    default: null as HttpApp | null,
    description: "The application of every path (as apps { '/': application })",
  },
  maxHeaderSize: {
    type: 'int',
    default: 16384,
    description: 'Largest header block of a request, in bytes (larger: 431)',
  },
  maxBodySize: {
    type: 'int',
    default: 1024 * 1024,
    description: 'Largest request body, in bytes (larger: 413); 0 = no limit',
  },
  headersTimeout: {
    type: 'float',
    default: 60,
    description: "Seconds a client has to send a request's headers (slower: 408)",
  },
  requestTimeout: {
    type: 'float',
    default: 300,
    description: 'Seconds a client has to send a whole request (slower: 408); 0 = no limit',
  },
  keepAliveTimeout: {
    type: 'float',
    default: 5,
    description: 'Seconds an idle keep-alive connection is kept open',
  },
  responseTimeout: {
    type: 'float',
    default: 60,
    description: 'Seconds an application has to start its response (later: 503); 0 = no limit',
  },
  maxConnections: {
    type: 'int',
    default: 0,
    description: 'Connections open at once; more are closed at once; 0 = no limit',
  },
  exposeErrors: {
    type: 'bool',
    default: false,
    description: "A failed application's 500 shows its error message (else a generic text)",
  },
} as const satisfies GConfigTemplate;

/** The numeric limits, checked. */
export interface HttpLimits {
  readonly maxHeaderSize: number;
  readonly maxBodySize: number;
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly keepAliveTimeout: number;
  readonly responseTimeout: number;
  readonly maxConnections: number;
}

/** What the NET_HTTP_BAD_OPTION of `key` says. */
export function badOption(where: string, key: string, value: unknown, expected: string): Error {
  return codedError(
    'NET_HTTP_BAD_OPTION',
    `${where}: ${key} got ${describeValue(value)}, expected ${expected}`,
  );
}

type Config = { readonly [K in keyof typeof HTTP_GCONFIG]?: unknown };

/** Checks the limits of `config`; throws NET_HTTP_BAD_OPTION. */
export function checkLimits(where: string, config: Config): HttpLimits {
  const int = (key: keyof HttpLimits, min: number): number => {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw badOption(where, key, value, `an integer >= ${min}`);
    }
    return value;
  };
  const seconds = (key: keyof HttpLimits, min: number): number => {
    const value = config[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw badOption(where, key, value, `a number of seconds >= ${min}`);
    }
    return value;
  };
  const limits = {
    maxHeaderSize: int('maxHeaderSize', 1),
    maxBodySize: int('maxBodySize', 0),
    headersTimeout: seconds('headersTimeout', 0.001),
    requestTimeout: seconds('requestTimeout', 0),
    keepAliveTimeout: seconds('keepAliveTimeout', 0),
    responseTimeout: seconds('responseTimeout', 0),
    maxConnections: int('maxConnections', 0),
  };
  if (limits.requestTimeout > 0 && limits.headersTimeout > limits.requestTimeout) {
    throw badOption(
      where,
      'headersTimeout',
      limits.headersTimeout,
      `at most requestTimeout (${limits.requestTimeout} s)`,
    );
  }
  return limits;
}

/** Node's server options for `limits` (milliseconds). */
export function nodeServerOptions(limits: HttpLimits): {
  maxHeaderSize: number;
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
} {
  const headers = Math.max(1, Math.round(limits.headersTimeout * 1000));
  const request = Math.round(limits.requestTimeout * 1000);
  // Node checks both timeouts every connectionsCheckingInterval (30 s by default): a
  // quarter of the shorter one keeps a slow client's 408 within 25% of its timeout.
  const shortest = request > 0 ? Math.min(headers, request) : headers;
  return {
    maxHeaderSize: limits.maxHeaderSize,
    headersTimeout: headers,
    requestTimeout: request,
    keepAliveTimeout: Math.round(limits.keepAliveTimeout * 1000),
    connectionsCheckingInterval: Math.min(30_000, Math.max(10, Math.round(shortest / 4))),
  };
}
