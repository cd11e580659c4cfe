/**
 * Events for gobjs of other gaplics (`sendEventOutside` and the subscriptions), as far as
 * the gaplic layer goes: the checks at the sender — misuse throws here, with a coded
 * error — and the port through which the router (a layer above) takes the event. Every
 * event that then cannot be delivered comes back to its subscriber as `EV_NACK`.
 */
import { codedError } from '../errors.js';
import type { Kw } from '../gobj/gevent.js';
import type { GObj } from '../gobj/gobj.js';
import type { OutsideArgs } from '../gobj/host.js';
import { kRegisteredName } from '../symbols.js';
import { aPlainObject, aString, checkArgument } from '../util/check.js';
import { crossingProblem } from '../util/crossable.js';
import { isPlainObject } from '../util/is-plain-object.js';
import { describeValue } from '../util/describe-value.js';
import type { GAplic } from './gaplic.js';

/**
 * What the router offers the gaplic layer: it takes a checked event for another gaplic
 * (positional arguments: this is the path of every such event, and an object per event
 * would be garbage). `subscriber` is a unique name; `kw` is the sender's copy.
 */
export interface OutsidePort {
  sendOutside(
    gaplicName: string,
    role: string,
    gobjName: string,
    eventName: string,
    subscriber: string,
    originRole: string,
    kw: Kw,
  ): void;
}

let portOf: ((gaplic: GAplic) => OutsidePort) | null = null;

/** @internal Called by the router module: how a gaplic finds (or makes) its router. */
export function setOutsidePort(find: (gaplic: GAplic) => OutsidePort): void {
  portOf = find;
}

/** The router port of each gaplic, found once. */
const ports = new WeakMap<GAplic, OutsidePort>();

/**
 * @internal Checks the arguments of an outside call and hands the event to the router.
 * The checks are written out (not through `checkArgument`) because this is the path of
 * every event between gaplics; a failure takes the slow path that builds the message.
 */
export function sendOutside(
  gaplic: GAplic,
  where: string,
  args: OutsideArgs,
  extra: Kw | null,
): void {
  const [gaplicName, role, gobjName, eventName, subscriber, kw = {}, options] = args;
  if (
    typeof gaplicName !== 'string' ||
    typeof role !== 'string' ||
    typeof gobjName !== 'string' ||
    typeof eventName !== 'string' ||
    (gaplicName === '' && role === '') ||
    gobjName === '' ||
    eventName === '' ||
    (gaplicName !== '' && gaplicName === gaplic.name) ||
    (role !== '' && gaplic.roles.includes(role)) ||
    (options !== undefined &&
      options.originRole !== undefined &&
      !gaplic.roles.includes(options.originRole)) ||
    !isPlainObject(kw)
  ) {
    refuse(gaplic, where, args);
  }
  const problem = crossingProblem(kw);
  if (problem !== null) {
    throw codedError(
      'ROUTER_KW_CANNOT_CROSS',
      `${at(gaplic, where)}: ${problem}; only JSON data crosses`,
    );
  }
  const name = subscriberName(gaplic, where, subscriber);
  let port = ports.get(gaplic);
  if (port === undefined) {
    if (portOf === null) throw new Error('ginsfsm: the router module is not loaded');
    port = portOf(gaplic);
    ports.set(gaplic, port);
  }
  // A copy: the caller may reuse its kw object for the next event.
  const copy: Kw = extra === null ? { ...kw } : { ...kw, ...extra };
  const originRole = options?.originRole ?? gaplic.roles[0] ?? '';
  port.sendOutside(gaplicName, role, gobjName, eventName, name, originRole, copy);
}

function at(gaplic: GAplic, where: string): string {
  return `${gaplic.name || 'GAplic'}: ${where}`;
}

/** Throws the coded error for arguments the fast check refused. */
function refuse(gaplic: GAplic, where: string, args: OutsideArgs): never {
  const [gaplicName, role, gobjName, eventName, , kw = {}, options] = args;
  const here = at(gaplic, where);
  checkArgument('ROUTER_BAD_ARGUMENT', here, 'gaplicName', gaplicName, aString);
  checkArgument('ROUTER_BAD_ARGUMENT', here, 'role', role, aString);
  checkArgument('ROUTER_BAD_ARGUMENT', here, 'gobjName', gobjName, aString);
  checkArgument('ROUTER_BAD_ARGUMENT', here, 'eventName', eventName, aString);
  if ((gaplicName === '' && role === '') || gobjName === '' || eventName === '') {
    throw codedError(
      'ROUTER_BAD_ARGUMENT',
      `${here}: give a gaplic name or a role, a gobj name and an event name (got '${gaplicName}', '${role}', '${gobjName}', '${eventName}')`,
    );
  }
  if ((gaplicName !== '' && gaplicName === gaplic.name) || gaplic.roles.includes(role)) {
    throw codedError(
      'ROUTER_TO_SELF',
      `${here}: '${gaplicName || role}' is this gaplic; send to its gobjs with sendEvent or postEvent`,
    );
  }
  const originRole = options?.originRole;
  if (originRole !== undefined && !gaplic.roles.includes(originRole)) {
    throw codedError(
      'ROUTER_BAD_ORIGIN_ROLE',
      `${here}: originRole ${describeValue(originRole)} is not a role of this gaplic (roles: ${gaplic.roles.join(', ') || 'none'})`,
    );
  }
  checkArgument('ROUTER_KW_CANNOT_CROSS', here, 'kw', kw, aPlainObject);
  throw new Error(`${here}: arguments refused`);
}

/** The unique name of a subscriber registered in `gaplic` (throws ROUTER_BAD_SUBSCRIBER). */
function subscriberName(gaplic: GAplic, where: string, subscriber: unknown): string {
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
      `${at(gaplic, where)}: subscriber got ${describeValue(subscriber)}, expected a gobj with a unique name in this gaplic, or that name`,
    );
  }
  return name as string;
}
