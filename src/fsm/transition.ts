/**
 * The pure FSM step. A compiled state maps each accepted event name to its
 * transition; looking one up touches nothing else (no gaplic, no timers, no I/O),
 * so the machine table can be tested and reasoned about on its own.
 */
import type { Action } from './descriptor.js';

/** One compiled row of the machine table. */
export interface Transition {
  readonly eventName: string;
  readonly action: Action | null;
  /** `null` = stay in the current state. */
  readonly next: CompiledState | null;
}

/** A compiled state: its name, its 1-based id and its rows by event name. */
export interface CompiledState {
  readonly name: string;
  readonly id: number;
  readonly rows: ReadonlyMap<string, Transition>;
  /**
   * The last event looked up here and its row: a stream of one event (the common case)
   * costs a comparison instead of a Map lookup. Shared by every machine of the
   * descriptor, which is safe: it caches a pure function of (state, event).
   */
  lastEvent: string | null;
  lastRow: Transition | undefined;
}

/** The transition `state` takes on `eventName`, or `undefined` when not accepted there. */
export function transition(state: CompiledState, eventName: string): Transition | undefined {
  if (state.lastEvent === eventName) return state.lastRow;
  const row = state.rows.get(eventName);
  state.lastEvent = eventName;
  state.lastRow = row;
  return row;
}

/** The state the machine is in after `row` fires in `state`. */
export function nextState(state: CompiledState, row: Transition): CompiledState {
  return row.next ?? state;
}
