/**
 * How the services of inter_event answer: to the gobj that sent the event, in its gaplic,
 * through the routers (ginsfsm's `send_event_outside` with the event's
 * `__intra_event__` origin) — however many hops away the sender is.
 */
import { originOf, type GEvent, type GObj, type Kw } from '../../../src/node.js';

export function replyToOrigin(gobj: GObj, event: GEvent, eventName: string, kw: Kw): void {
  const origin = originOf(event);
  if (origin === undefined) return; // a local event: nobody to answer outside
  gobj.gaplic!.sendEventOutside(origin.origin_gaplic, '', origin.origin_gobj, eventName, gobj, kw);
}
