/**
 * The shape of an FSM descriptor, ginsfsm's "simple machine":
 *
 * ```ts
 * const fsm = {
 *   eventList: ['EV_TIMEOUT: top input', 'EV_TICK: top output'],
 *   stateList: ['ST_IDLE', 'ST_RUNNING'],
 *   machine: {
 *     ST_IDLE: [['EV_TIMEOUT', acStart, 'ST_RUNNING']],
 *     ST_RUNNING: [['EV_TIMEOUT', acTick, null]],
 *   },
 * } as const;
 * ```
 *
 * The first state is the initial one. Event entries may carry attribute groups after
 * a `:` (`output` marks an event the gobj publishes; `top`, `bottom`, `input` are only
 * for drawing). A row's next state `null` means "stay"; the state changes *before*
 * the action runs.
 */

/**
 * An action: called as `action(machine, event)`; its result is what `sendEvent` /
 * `injectEvent` return. The first parameter is typed `never` here so that an action
 * written for a concrete gclass (`(gobj: MyGClass, event) => ...`) fits any descriptor.
 */
export type Action = (machine: never, event: never) => unknown;

/** One transition: `[eventName, action | null, nextState | null]`. */
export type MachineRow = readonly [event: string, action: Action | null, nextState: string | null];

/** A declarative finite-state machine. */
export interface FsmDescriptor {
  /** Every event name, optionally followed by `: attr attr : attr` groups. */
  readonly eventList: readonly string[];
  /** Every state name; the first is the initial state. */
  readonly stateList: readonly string[];
  /** For each state, its rows. */
  readonly machine: { readonly [state: string]: readonly MachineRow[] };
}

/**
 * What a typed gclass's type parameter needs of a descriptor: its lists. Looser than
 * {@link FsmDescriptor} on purpose, so that a descriptor not declared `as const` is
 * reported once, readably, by `checkFsm` (or by the static `fsm` of the gclass), instead
 * of by every place that names its type.
 */
export interface FsmShape {
  readonly eventList: readonly string[];
  readonly stateList: readonly string[];
  readonly machine: object;
}

/** A machine with no events and no states (ginsfsm's `EMPTY_FSM`). */
export const EMPTY_FSM: FsmDescriptor = Object.freeze({
  eventList: Object.freeze([]),
  stateList: Object.freeze([]),
  machine: Object.freeze({}),
});

type Trim<S extends string> = S extends ` ${infer R}`
  ? Trim<R>
  : S extends `${infer R} `
    ? Trim<R>
    : S;

/** The event names of a descriptor declared `as const` (attributes stripped). */
export type EventNames<F extends FsmShape> = F['eventList'][number] extends infer E extends string
  ? E extends `${infer N}:${string}`
    ? Trim<N>
    : Trim<E>
  : never;

/** The state names of a descriptor declared `as const`. */
export type StateNames<F extends FsmShape> = F['stateList'][number];
