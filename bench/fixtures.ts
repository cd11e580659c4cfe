/**
 * What the benchmarks measure, written once: the two-state toggle as a gclass, as a
 * hand-written dispatch table and as an XState v5 machine. Each variant does the same
 * work per event: flip the state, increment a counter, and keep a reference to the last
 * payload (so a per-event payload allocation cannot be optimised away).
 */
import { assign, setup } from 'xstate';
import { GObj, type GEvent, type Kw } from '../src/index.js';

// ---- the gclass ---------------------------------------------------------------------------

function acToggle(gobj: Toggle, event: GEvent): void {
  gobj.count++;
  gobj.last = event.kw;
}

const toggleFsm = {
  eventList: ['EV_TOGGLE: top input'],
  stateList: ['ST_A', 'ST_B'],
  machine: {
    ST_A: [['EV_TOGGLE', acToggle, 'ST_B']],
    ST_B: [['EV_TOGGLE', acToggle, 'ST_A']],
  },
} as const;

/** A small gclass: two states, one input event, one parameter of its own. */
export class Toggle extends GObj<typeof toggleFsm> {
  static override fsm = toggleFsm;
  static override gconfig = {
    step: { type: 'int', default: 1, description: 'Unused; a gclass usually has parameters' },
  } as const;
  count = 0;
  last: Kw | null = null;
}

// ---- the hand-written table ---------------------------------------------------------------

/** The object the table drives: a string state and the same fields as `Toggle`. */
export class TableObj {
  state = 'ST_A';
  count = 0;
  last: object | null = null;
}

interface TableRow {
  readonly fn: (obj: TableObj, kw: object) => void;
  readonly next: string;
}

function tableToggle(obj: TableObj, kw: object): void {
  obj.count++;
  obj.last = kw;
}

/** `Map<state, Map<event, {fn, next}>>` with string keys. */
export const table = new Map<string, Map<string, TableRow>>([
  ['ST_A', new Map([['EV_TOGGLE', { fn: tableToggle, next: 'ST_B' }]])],
  ['ST_B', new Map([['EV_TOGGLE', { fn: tableToggle, next: 'ST_A' }]])],
]);

/** Dispatches one event through the table; false when the event is not accepted. */
export function tableDispatch(obj: TableObj, event: string, kw: object): boolean {
  const row = table.get(obj.state)?.get(event);
  if (row === undefined) return false;
  obj.state = row.next;
  row.fn(obj, kw);
  return true;
}

// ---- the XState machine -------------------------------------------------------------------

/** The same toggle in XState v5: states A/B, `TOGGLE` with an `assign` counter. */
export const xToggle = setup({
  types: {
    context: {} as { count: number },
    events: {} as { type: 'TOGGLE'; n: number },
  },
  actions: { countUp: assign({ count: ({ context }) => context.count + 1 }) },
}).createMachine({
  id: 'toggle',
  initial: 'A',
  context: { count: 0 },
  states: {
    A: { on: { TOGGLE: { target: 'B', actions: 'countUp' } } },
    B: { on: { TOGGLE: { target: 'A', actions: 'countUp' } } },
  },
});

function acCountTimeout(gobj: TimeoutCounter): void {
  gobj.tick();
}

const timeoutCounterFsm = {
  eventList: ['EV_TIMEOUT: input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_TIMEOUT', acCountTimeout, null]] },
} as const;

/** The parent of the GTimers: each EV_TIMEOUT it receives (posted by a GTimer) is a tick. */
export class TimeoutCounter extends GObj<typeof timeoutCounterFsm> {
  static override fsm = timeoutCounterFsm;
  tick: () => void = () => {};
}
