/**
 * The gobjs of the console that receive what the target sends back: a listener per
 * request or subscription, whose gclass accepts that one event name and `EV_NACK` (a
 * response comes back under the name of the event sent, and gclasses declare their
 * events: so one gclass per name, made on first use), and the settler, which runs a
 * function from the gaplic's queue — behind the `EV_NACK`s the router posted before.
 */
import type { FsmDescriptor } from '../fsm/descriptor.js';
import type { GEvent } from '../gobj/gevent.js';
import { GObj } from '../gobj/gobj.js';

/** What a listener does with an event it receives. */
export type Heard = (event: GEvent) => void;

function acHeard(listener: Listener, event: GEvent): void {
  listener.heard(event);
}

/** Receives one event name and `EV_NACK`. */
export class Listener extends GObj {
  heard: Heard = () => {};
}

const classes = new Map<string, typeof Listener>();

/** The listener gclass of `eventName`. */
export function listenerClass(eventName: string): typeof Listener {
  let gclass = classes.get(eventName);
  if (gclass === undefined) {
    const names = [...new Set([eventName, 'EV_NACK'])];
    const fsm: FsmDescriptor = {
      eventList: names.map((n) => `${n}: top input`),
      stateList: ['ST_IDLE'],
      machine: { ST_IDLE: names.map((n) => [n, acHeard, null] as const) },
    };
    gclass = class extends Listener {
      static override fsm = fsm;
    };
    // Its label in log lines and faults: `Listener:listener-3`.
    Object.defineProperty(gclass, 'name', { value: 'Listener' });
    classes.set(eventName, gclass);
  }
  return gclass;
}

function acSettle(_settler: Settler, event: GEvent): void {
  (event.kw.settle as () => void)();
}

const settlerFsm = {
  eventList: ['EV_SETTLE: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_SETTLE', acSettle, null]] },
} as const;

/** Runs `kw.settle` when `EV_SETTLE` comes out of the queue. */
export class Settler extends GObj<typeof settlerFsm> {
  static override fsm = settlerFsm;
}
