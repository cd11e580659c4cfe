/**
 * Static routes as ginsfsm writes them in an ini file:
 *
 *   static_routes = TOTO, toto, ws://localhost:2690; Bank, money+loans, wss://a:443+wss://b:443
 *
 * Routes are separated by `;`, fields by `,` (name, roles, URLs); several roles or URLs
 * are joined by `+`. `http://` and `https://` stand for `ws://` and `wss://`, and a URL
 * without a port gets its scheme's (80 or 443), as in ginsfsm.
 */
import { codedError } from '../errors.js';
import { describeValue } from '../util/describe-value.js';

/** One static route: the peer's name and roles, and the URLs to reach it (tried in turn). */
export interface StaticRouteSpec {
  readonly name: string;
  readonly roles: readonly string[];
  readonly urls: readonly string[];
}

/** Parses the ginsfsm string; throws `ROUTER_BAD_STATIC_ROUTE` naming the bad part. */
export function parseStaticRoutes(text: string): StaticRouteSpec[] {
  const specs: StaticRouteSpec[] = [];
  for (const part of text.split(';')) {
    const fields = part
      .split(',')
      .map((f) => f.trim())
      .filter((f) => f !== '');
    if (fields.length === 0) continue;
    if (fields.length !== 3) {
      throw codedError(
        'ROUTER_BAD_STATIC_ROUTE',
        `staticRoutes: route ${JSON.stringify(part.trim())} has ${fields.length} fields, expected 3: name, role1+role2, url1+url2 (empty fields do not count, as in ginsfsm: give a route without a name or roles with addStaticRoute)`,
      );
    }
    const [name, roles, urls] = fields as [string, string, string];
    specs.push(checkStaticRoute({ name, roles: splitPlus(roles), urls: splitPlus(urls) }));
  }
  return specs;
}

/** Checks a static route given as data (`EV_ADD_STATIC_ROUTE`); its URLs normalized. */
export function checkStaticRoute(spec: {
  readonly name?: unknown;
  readonly roles?: unknown;
  readonly urls?: unknown;
}): StaticRouteSpec {
  const { name, roles = [], urls } = spec;
  if (typeof name !== 'string')
    throw bad('name', name, 'a string (the peer gaplic name, may be empty)');
  if (!isStrings(roles)) throw bad('roles', roles, 'an array of role names');
  if (!isStrings(urls) || urls.length === 0)
    throw bad('urls', urls, 'a non-empty array of ws:// or wss:// URLs');
  return { name, roles, urls: urls.map(normalizeUrl) };
}

/** `ws://` or `wss://` with an explicit port; throws `ROUTER_BAD_STATIC_ROUTE`. */
export function normalizeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw bad('url', url, 'a URL such as ws://host:port/path');
  }
  const scheme = SCHEMES[parsed.protocol];
  if (scheme === undefined || parsed.hostname === '') {
    throw bad('url', url, 'a ws://, wss://, http:// or https:// URL with a host');
  }
  const port = parsed.port !== '' ? parsed.port : scheme === 'wss:' ? '443' : '80';
  return `${scheme}//${parsed.host.replace(/:\d+$/, '')}:${port}${parsed.pathname}${parsed.search}`;
}

const SCHEMES: Readonly<Record<string, string>> = {
  'ws:': 'ws:',
  'wss:': 'wss:',
  'http:': 'ws:',
  'https:': 'wss:',
};

function splitPlus(field: string): string[] {
  return field
    .split('+')
    .map((f) => f.trim())
    .filter((f) => f !== '');
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function bad(key: string, value: unknown, expected: string): Error {
  return codedError(
    'ROUTER_BAD_STATIC_ROUTE',
    `static route: ${key} got ${describeValue(value)}, expected ${expected}`,
  );
}
