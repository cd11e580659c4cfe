/**
 * SMachine: a gobj's finite-state machine. It keeps the current state and injects
 * events: look up the row (the pure step in `transition.ts`), change the state
 * *before* the action runs, call the action, return its result. An unknown or
 * not-accepted event returns {@link EventNotAccepted} and logs a warning.
 */
import { EventError, StateError } from '../errors.js';
import type { Logger } from '../logger.js';
import { describeValue, listNames } from '../util/describe-value.js';
import { compileMachine, type CompiledMachine } from './compile.js';
import type { FsmDescriptor, StateNames } from './descriptor.js';
import { EventNotAccepted } from './event-not-accepted.js';
import { isGlobalTraceMach, traceEnter, traceLeave, traceResult, traceTab } from './trace.js';
import { transition, type CompiledState, type Transition } from './transition.js';

/** Anything `injectEvent` accepts besides a name: an object with an `eventName`. */
export interface EventLike {
  readonly eventName: string;
}

type AnyAction = (machine: unknown, event: unknown) => unknown;

/** A finite-state machine built from a {@link FsmDescriptor}. */
export class SMachine<F extends FsmDescriptor = FsmDescriptor> {
  /** Type-only link to the descriptor (always `undefined` at run time). */
  declare readonly fsmType?: F;
  /** @internal */
  readonly _machine: CompiledMachine;
  /** @internal */
  _state: CompiledState | null;
  /** @internal */
  _previousState: CompiledState | null = null;
  /** Logs every transition of this machine when true. */
  traceMach = false;
  /** Where warnings and trace lines go; `null` = nowhere. */
  logger: Logger | null = null;

  /** Validates `fsm` (throws `MachineError`) and enters its first state. */
  constructor(fsm: F) {
    this._machine = compileMachine(fsm);
    this._state = this._machine.initial;
  }

  /**
   * Injects an event (a name or an object with `eventName`) and returns the action's
   * result, `undefined` for a row without action, or {@link EventNotAccepted}.
   * Exceptions thrown by the action propagate to the caller.
   */
  injectEvent(event: string | EventLike): unknown {
    return this._dispatch(eventNameOf(event), event);
  }

  /** @internal The hot path: `name` is already validated. */
  _dispatch(name: string, event: unknown): unknown {
    const state = this._state;
    const row = state === null ? undefined : transition(state, name);
    if (row === undefined) return this._notAccepted(name, event);
    if (this.traceMach || isGlobalTraceMach()) return this._dispatchTraced(row, event);
    if (row.next !== null) {
      this._previousState = state;
      this._state = row.next;
    }
    const action = row.action as AnyAction | null;
    return action === null ? undefined : action(this, event);
  }

  private _dispatchTraced(row: Transition, event: unknown): unknown {
    const tab = traceEnter();
    const action = row.action as AnyAction | null;
    try {
      this._traceLine(
        `${tab}-> ${this._label()} ${this._state?.name ?? '-'} ${row.eventName} ${action === null ? '-' : `${action.name || 'action'}()`}${traceKw(event)}`,
      );
      if (row.next !== null) this._enter(row.next, tab);
      const result = action === null ? undefined : action(this, event);
      this._traceLine(
        `${tab}<- ${this._label()} ${this._state?.name ?? '-'} ${traceResult(result)}`,
      );
      return result;
    } finally {
      traceLeave();
    }
  }

  /** @internal */
  _notAccepted(name: string, _event: unknown): typeof EventNotAccepted {
    if (this.logger !== null) {
      const reason = this._machine.declarations.has(name)
        ? `not accepted in state '${this._state?.name ?? '-'}'`
        : `unknown (events: ${listNames(this._machine.eventNames)})`;
      this.logger.warn(`${this._label()}: event '${name}' ${reason}`);
    }
    return EventNotAccepted;
  }

  /** Moves to state `name`, typically from inside an action. Throws `StateError`. */
  setNewState(name: StateNames<F>): void {
    if (typeof name !== 'string') {
      throw new StateError(
        'STATE_BAD_TYPE',
        `State name must be a string, got ${describeValue(name)}`,
      );
    }
    const state = this._machine.stateByName.get(name);
    if (state === undefined) {
      throw new StateError(
        'STATE_UNKNOWN',
        `State '${name}' is not declared in ${this._label()} (states: ${listNames(this._machine.stateByName.keys())})`,
      );
    }
    this._enter(state);
  }

  private _enter(state: CompiledState, tab = traceTab()): void {
    const previous = this._state;
    this._previousState = previous;
    this._state = state;
    if (previous !== state && (this.traceMach || isGlobalTraceMach())) {
      this._traceLine(`${tab}   ${this._label()} state ${previous?.name ?? '-'} -> ${state.name}`);
    }
  }

  /** The current state's name, or `null` for a machine without states. */
  getCurrentState(): StateNames<F> | null {
    return this._state?.name ?? null;
  }

  /** The state before the last change, or `null`. */
  getPreviousState(): StateNames<F> | null {
    return this._previousState?.name ?? null;
  }

  /** Every event name (inputs and outputs), attributes stripped, in declaration order. */
  getEventList(): string[] {
    return [...this._machine.eventNames];
  }

  /** The output event names, in declaration order. */
  getOutputEventList(): string[] {
    return [...this._machine.outputEvents];
  }

  /** True when `name` is a declared event of this machine. */
  hasEvent(name: string): boolean {
    return this._machine.declarations.has(name);
  }

  /** `ClassName` (a gobj gives its dotted path). */
  toString(): string {
    return this.constructor.name;
  }

  /** @internal How log and trace lines name this machine. */
  _label(): string {
    return this.constructor.name;
  }

  /** @internal */
  _traceLine(line: string): void {
    this.logger?.info(line);
  }
}

/** @internal Validates an event argument and returns its name (throws `EventError`). */
export function eventNameOf(event: unknown): string {
  if (typeof event === 'string') return event;
  if (typeof event === 'object' && event !== null) {
    const name = (event as { eventName?: unknown }).eventName;
    if (typeof name === 'string') return name;
  }
  throw new EventError(
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
