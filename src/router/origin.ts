/**
 * Where an event from another gaplic came from, for the action that answers it: the
 * router puts it in `kw.__intra_event__` (ginsfsm's name) when it delivers the event.
 */
import type { GEvent } from '../gobj/gevent.js';
import { INTRA_EVENT_KEY, type IntraEvent } from '../wire/messages.js';

/** The origin (gaplic, role, gobj) and destination of a remote event; `undefined` for a local one. */
export function originOf(event: GEvent): IntraEvent | undefined {
  const intra = event.kw[INTRA_EVENT_KEY];
  return typeof intra === 'object' && intra !== null ? (intra as IntraEvent) : undefined;
}
