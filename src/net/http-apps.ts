/**
 * The kinds of application a GHttpServer serves, told apart once (at start for the values
 * given, at the first request for the names resolved late):
 *
 *   a function                 a Node listener `(req, res)`: called as is
 *   an object with `fetch()`   a WHATWG fetch handler: `fetch(Request, info)` → Response
 *   a gobj                     gets EV_HTTP_REQUEST, answers EV_HTTP_RESPONSE
 *   'gobj:<unique name>'       that gobj, looked up at each request until found
 *   '<name>' or 'app:<name>'   the global app of that name (setGlobalApp), looked up at
 *                              each request until registered (apps may be registered
 *                              after the server starts, as ginsfsm's GWsgiServer allowed),
 *                              then kept; it must be one of the three kinds above
 */
import { GObj } from '../gobj/gobj.js';
import { getGlobalApp } from '../gconfig/global-apps.js';
import { describeValue } from '../util/describe-value.js';
import type { HttpFetchApp, HttpNodeListener } from './http-shapes.js';

/** What a prefix leads to, once told apart. */
export type Target =
  | { readonly kind: 'node'; readonly listener: HttpNodeListener }
  | { readonly kind: 'fetch'; readonly app: HttpFetchApp }
  | { readonly kind: 'gobj'; readonly gobj: GObj }
  /** The server's subscriber: EV_HTTP_REQUEST is broadcast (no app configured at all). */
  | { readonly kind: 'subscriber' }
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'unique'; readonly name: string };

/** What a global app must be, for messages. */
const RESOLVED_EXPECTED =
  'a Node listener (req, res), an object with a fetch(request) method or a gobj';

/** What an application value must be, for messages. */
export const APP_EXPECTED = `${RESOLVED_EXPECTED}, or 'gobj:<unique name>' or a global app name`;

function isFetchApp(value: unknown): value is HttpFetchApp {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { fetch?: unknown }).fetch === 'function'
  );
}

/** The kind of a resolved value (a function, a fetch handler, a gobj), or null. */
export function resolvedTarget(value: unknown): Target | null {
  if (typeof value === 'function') return { kind: 'node', listener: value as HttpNodeListener };
  if (value instanceof GObj) return { kind: 'gobj', gobj: value as GObj };
  if (isFetchApp(value)) return { kind: 'fetch', app: value };
  return null;
}

/** The target of a configured value, or null if it is none. */
export function targetOf(value: unknown): Target | null {
  if (typeof value !== 'string') return resolvedTarget(value);
  if (value.startsWith('gobj:') && value.length > 5)
    return { kind: 'unique', name: value.slice(5) };
  const name = value.startsWith('app:') ? value.slice(4) : value;
  return name === '' ? null : { kind: 'named', name };
}

/**
 * The target a late one stands for now: the registered global app or the live unique
 * gobj, or a text saying why there is none (for the HTTP_UNKNOWN_APP fault).
 */
export function resolveLate(
  target: Target & { kind: 'named' | 'unique' },
  findUnique: (name: string) => GObj | undefined,
): Target | string {
  if (target.kind === 'unique') {
    const gobj = findUnique(target.name);
    return gobj !== undefined
      ? { kind: 'gobj', gobj }
      : `no gobj has the unique name '${target.name}'`;
  }
  const value = getGlobalApp(target.name);
  if (value === undefined) return `no global app is named '${target.name}' (setGlobalApp)`;
  return (
    resolvedTarget(value) ??
    `the global app '${target.name}' is ${describeValue(value)}, expected ${RESOLVED_EXPECTED}`
  );
}
