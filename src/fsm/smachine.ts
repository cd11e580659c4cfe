/**
 * SMachine: a gobj's finite-state machine. It keeps the current state and injects
 * events: look up the row (the pure step in `transition.ts`), change the state
 * *before* the action runs, call the action, return its result. An unknown or
 * not-accepted event returns {@link EventNotAccepted} and reports a fault.
 *
 * Its state lives in `#private` fields and module symbols, so a subclass may declare
 * members of any name.
 */
import { codedError, GinsfsmError } from '../errors.js';
import { FAULT_CODES, faultLine, makeFault, type FaultCode } from '../faults.js';
import { safeLog, type Logger } from '../logger.js';
import { kDispatch, kFault, kFlags, kLabel, kMachine } from '../symbols.js';
import { describeValue, listNames } from '../util/describe-value.js';
import { compileMachine, type CompiledMachine } from './compile.js';
import type { EventNames, FsmDescriptor, FsmShape, StateNames } from './descriptor.js';
import { EventNotAccepted } from './event-not-accepted.js';
import { isGlobalTraceMach, traceEnter, traceLeave, traceResult, traceTab } from './trace.js';
import { transition, type CompiledState, type Transition } from './transition.js';

/** Anything `injectEvent` accepts besides a name: an object with an `eventName`. */
export interface EventLike {
  readonly eventName: string;
}

type AnyAction = (machine: unknown, event: unknown) => unknown;

/** The bit of `[kFlags]` that turns tracing on (a gobj adds its own bits: gobj/flags.ts). */
export const TRACE_MACH = 1;

/** A finite-state machine built from a {@link FsmDescriptor}. */
export class SMachine<F extends FsmShape = FsmDescriptor> {
  /** Type-only link to the descriptor (always `undefined` at run time). */
  declare readonly fsmType?: F;
  /** @internal The compiled machine (shared by every machine of the descriptor). */
  readonly [kMachine]: CompiledMachine;
  #state: CompiledState | null;
  #previousState: CompiledState | null = null;
  /**
   * @internal Boolean state packed in one small integer (`TRACE_MACH`, and a gobj's bits):
   * a field each would cost 8 bytes of every machine.
   */
  [kFlags] = 0;
  /** Where faults and trace lines go; `null` = nowhere. */
  logger: Logger | null = null;

  /** Validates `fsm` (throws `MachineError` naming the class) and enters its first state. */
  constructor(fsm: F & FsmDescriptor) {
    try {
      this[kMachine] = compileMachine(fsm);
    } catch (error) {
      if (!(error instanceof GinsfsmError)) throw error;
      throw codedError(error.code, `${new.target.name}: ${error.message}`, { cause: error });
    }
    this.#state = this[kMachine].initial;
  }

  /** Logs every transition of this machine when true. */
  get traceMach(): boolean {
    return (this[kFlags] & TRACE_MACH) !== 0;
  }

  set traceMach(on: boolean) {
    this[kFlags] = on ? this[kFlags] | TRACE_MACH : this[kFlags] & ~TRACE_MACH;
  }

  /**
   * Injects an event (a name or an object with `eventName`) and returns the action's
   * result, `undefined` for a row without action, or {@link EventNotAccepted}.
   * Exceptions thrown by the action propagate to the caller.
   */
  injectEvent(event: EventNames<F> | EventLike): unknown {
    return this[kDispatch](eventNameOf(event), event);
  }

  /** @internal The hot path: `name` is already validated. */
  [kDispatch](name: string, event: unknown): unknown {
    const state = this.#state;
    const row = state === null ? undefined : transition(state, name);
    if (row === undefined) return SMachine.#notAccepted(this, name);
    if ((this[kFlags] & TRACE_MACH) !== 0 || isGlobalTraceMach())
      return SMachine.#dispatchTraced(this, row, event);
    if (row.next !== null) {
      this.#previousState = state;
      this.#state = row.next;
    }
    const action = row.action as AnyAction | null;
    return action === null ? undefined : action(this, event);
  }

  static #dispatchTraced(m: SMachine<FsmShape>, row: Transition, event: unknown): unknown {
    const tab = traceEnter();
    const action = row.action as AnyAction | null;
    try {
      SMachine.#traceLine(
        m,
        `${tab}-> ${m[kLabel]()} ${m.#state?.name ?? '-'} ${row.eventName} ${action === null ? '-' : `${action.name || 'action'}()`}${traceKw(event)}`,
      );
      if (row.next !== null) SMachine.#enter(m, row.next, tab);
      const result = action === null ? undefined : action(m, event);
      SMachine.#traceLine(
        m,
        `${tab}<- ${m[kLabel]()} ${m.#state?.name ?? '-'} ${traceResult(result)}`,
      );
      return result;
    } finally {
      traceLeave();
    }
  }

  static #notAccepted(m: SMachine<FsmShape>, name: string): typeof EventNotAccepted {
    const machine = m[kMachine];
    if (machine.declarations.has(name)) {
      m[kFault](
        'EVENT_NOT_ACCEPTED',
        `${m[kLabel]()}: event '${name}' not accepted in state '${m.#state?.name ?? '-'}'`,
        name,
      );
    } else {
      m[kFault](
        'EVENT_UNKNOWN',
        `${m[kLabel]()}: event '${name}' unknown (events: ${listNames(machine.eventNames)})`,
        name,
      );
    }
    return EventNotAccepted;
  }

  /** Moves to state `name`, typically from inside an action. Throws `StateError`. */
  setNewState(name: StateNames<F>): void {
    if (typeof name !== 'string') {
      throw codedError(
        'STATE_BAD_TYPE',
        `${this[kLabel]()}: state name must be a string, got ${describeValue(name)}`,
      );
    }
    const state = this[kMachine].stateByName.get(name);
    if (state === undefined) {
      throw codedError(
        'STATE_UNKNOWN',
        `State '${name}' is not declared in ${this[kLabel]()} (states: ${listNames(this[kMachine].stateByName.keys())})`,
      );
    }
    SMachine.#enter(this, state, traceTab());
  }

  static #enter(m: SMachine<FsmShape>, state: CompiledState, tab: string): void {
    const previous = m.#state;
    m.#previousState = previous;
    m.#state = state;
    if (previous !== state && (m.traceMach || isGlobalTraceMach())) {
      SMachine.#traceLine(
        m,
        `${tab}   ${m[kLabel]()} state ${previous?.name ?? '-'} -> ${state.name}`,
      );
    }
  }

  /** The current state's name, or `null` for a machine without states. */
  getCurrentState(): StateNames<F> | null {
    return this.#state?.name ?? null;
  }

  /** The state before the last change, or `null`. */
  getPreviousState(): StateNames<F> | null {
    return this.#previousState?.name ?? null;
  }

  /** Every event name (inputs and outputs), attributes stripped, in declaration order. */
  getEventList(): string[] {
    return [...this[kMachine].eventNames];
  }

  /** The output event names, in declaration order. */
  getOutputEventList(): string[] {
    return [...this[kMachine].outputEvents];
  }

  /** True when `name` is a declared event of this machine. */
  hasEvent(name: string): boolean {
    return this[kMachine].declarations.has(name);
  }

  /** `ClassName` (a gobj gives its dotted path). */
  toString(): string {
    return this.constructor.name;
  }

  /** @internal How log and trace lines name this machine. */
  [kLabel](): string {
    return this.constructor.name;
  }

  /** @internal Reports a run-time fault; a machine alone logs it (a gobj routes it to its gaplic). */
  [kFault](code: FaultCode, message: string, event: string | null, error?: unknown): void {
    const fault = makeFault(code, message, this[kLabel](), event, error);
    safeLog(this.logger, FAULT_CODES[code][0], faultLine(fault));
  }

  static #traceLine(m: SMachine<FsmShape>, line: string): void {
    safeLog(m.logger, 'info', line);
  }
}

/** @internal Validates an event argument and returns its name (throws `EventError`). */
export function eventNameOf(event: unknown): string {
  if (typeof event === 'string') return event;
  if (typeof event === 'object' && event !== null) {
    const name = (event as { eventName?: unknown }).eventName;
    if (typeof name === 'string') return name;
  }
  throw codedError(
    'EVENT_BAD_TYPE',
    `Event must be a name (string) or an object with an 'eventName' string, got ${describeValue(event)}`,
  );
}

function traceKw(event: unknown): string {
  if (typeof event !== 'object' || event === null) return '';
  const kw = (event as { kw?: unknown }).kw;
  if (typeof kw !== 'object' || kw === null) return '';
  const keys = Object.keys(kw);
  return keys.length === 0 ? '' : ` {${keys.join(', ')}}`;
}
