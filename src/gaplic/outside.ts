/**
 * Events for gobjs of other gaplics (`sendEventOutside` and the subscriptions), as far as
 * the gaplic layer goes: the checks at the sender — misuse throws here, with a coded
 * error — and the port through which the router (a layer above) takes the event. Every
 * event that then cannot be delivered comes back to its subscriber as `EV_NACK`.
 */
import { codedError } from '../errors.js';
import type { Kw } from '../gobj/gevent.js';
import type { GObj } from '../gobj/gobj.js';
import { kRegisteredName } from '../symbols.js';
import { aPlainObject, aString, checkArgument } from '../util/check.js';
import { crossingProblem } from '../util/crossable.js';
import { describeValue } from '../util/describe-value.js';
import type { GAplic } from './gaplic.js';

/** Options of `sendEventOutside`. */
export interface OutsideOptions {
  /** The role the event comes from (one of the sender's roles). @default its first role, or '' */
  readonly originRole?: string;
}

/** An event for another gaplic, checked. */
export interface OutsideEvent {
  readonly gaplicName: string;
  readonly role: string;
  readonly gobjName: string;
  readonly eventName: string;
  /** The unique name of the subscriber (who gets responses and nacks). */
  readonly subscriber: string;
  readonly originRole: string;
  readonly kw: Kw;
}

/** What the router offers the gaplic layer. */
export interface OutsidePort {
  sendOutside(event: OutsideEvent): void;
}

let portOf: ((gaplic: GAplic) => OutsidePort) | null = null;

/** @internal Called by the router module: how a gaplic finds (or makes) its router. */
export function setOutsidePort(find: (gaplic: GAplic) => OutsidePort): void {
  portOf = find;
}

/** @internal Checks the arguments of an outside call and hands the event to the router. */
export function sendOutside(
  gaplic: GAplic,
  where: string,
  args: readonly [string, string, string, string, GObj | string, Kw | undefined],
  options: OutsideOptions | undefined,
  extra: Kw,
): void {
  const [gaplicName, role, gobjName, eventName, subscriber, kw = {}] = args;
  const at = `${gaplic.name || 'GAplic'}: ${where}`;
  checkArgument('ROUTER_BAD_ARGUMENT', at, 'gaplicName', gaplicName, aString);
  checkArgument('ROUTER_BAD_ARGUMENT', at, 'role', role, aString);
  checkArgument('ROUTER_BAD_ARGUMENT', at, 'gobjName', gobjName, aString);
  checkArgument('ROUTER_BAD_ARGUMENT', at, 'eventName', eventName, aString);
  if ((gaplicName === '' && role === '') || gobjName === '' || eventName === '') {
    throw codedError(
      'ROUTER_BAD_ARGUMENT',
      `${at}: give a gaplic name or a role, a gobj name and an event name (got '${gaplicName}', '${role}', '${gobjName}', '${eventName}')`,
    );
  }
  if ((gaplicName !== '' && gaplicName === gaplic.name) || gaplic.roles.includes(role)) {
    throw codedError(
      'ROUTER_TO_SELF',
      `${at}: '${gaplicName || role}' is this gaplic; send to its gobjs with sendEvent or postEvent`,
    );
  }
  const originRole = options?.originRole ?? gaplic.roles[0] ?? '';
  if (options?.originRole !== undefined && !gaplic.roles.includes(originRole)) {
    throw codedError(
      'ROUTER_BAD_ORIGIN_ROLE',
      `${at}: originRole ${describeValue(originRole)} is not a role of this gaplic (roles: ${gaplic.roles.join(', ') || 'none'})`,
    );
  }
  checkArgument('ROUTER_KW_CANNOT_CROSS', at, 'kw', kw, aPlainObject);
  const problem = crossingProblem(kw);
  if (problem !== null) {
    throw codedError('ROUTER_KW_CANNOT_CROSS', `${at}: ${problem}; only JSON data crosses`);
  }
  const port = portOf;
  if (port === null) throw new Error('ginsfsm: the router module is not loaded');
  port(gaplic).sendOutside({
    gaplicName,
    role,
    gobjName,
    eventName,
    subscriber: subscriberName(gaplic, at, subscriber),
    originRole,
    kw: { ...kw, ...extra },
  });
}

/** The unique name of a subscriber registered in `gaplic` (throws ROUTER_BAD_SUBSCRIBER). */
function subscriberName(gaplic: GAplic, at: string, subscriber: unknown): string {
  const name =
    typeof subscriber === 'string'
      ? subscriber
      : typeof subscriber === 'object' && subscriber !== null && kRegisteredName in subscriber
        ? (subscriber as GObj)[kRegisteredName]
        : null;
  const gobj = typeof name === 'string' ? gaplic.findUniqueGObj(name) : undefined;
  if (gobj === undefined || (typeof subscriber !== 'string' && gobj !== subscriber)) {
    throw codedError(
      'ROUTER_BAD_SUBSCRIBER',
      `${at}: subscriber got ${describeValue(subscriber)}, expected a gobj with a unique name in this gaplic, or that name`,
    );
  }
  return name as string;
}
