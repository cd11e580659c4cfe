/**
 * Validation and compilation of an FSM descriptor, in ginsfsm's order: the descriptor
 * shape, the states (declared, described, unique), the events (declared, used or
 * output, unique), then each row's next state and action. A descriptor is compiled
 * once and cached by identity, so creating a gobj costs no parsing.
 */
import { MachineError, type CodeOf } from '../errors.js';
import { describeValue, listNames } from '../util/describe-value.js';
import { isPlainObject } from '../util/is-plain-object.js';
import type { FsmDescriptor, MachineRow } from './descriptor.js';
import { parseEventDeclaration, type EventDeclaration } from './event-declaration.js';
import type { CompiledState, Transition } from './transition.js';

/** A validated descriptor, ready for dispatch. */
export interface CompiledMachine {
  readonly states: readonly CompiledState[];
  readonly stateByName: ReadonlyMap<string, CompiledState>;
  /** The first declared state, or `null` for a machine without states. */
  readonly initial: CompiledState | null;
  /** Every event (inputs and outputs), attributes stripped, in declaration order. */
  readonly eventNames: readonly string[];
  readonly outputEvents: ReadonlySet<string>;
  /** The output event checked last (a broadcast in a loop skips the set lookup). */
  lastOutput: string;
  readonly declarations: ReadonlyMap<string, EventDeclaration>;
}

const cache = new WeakMap<FsmDescriptor, CompiledMachine>();

/** Validates `fsm` and returns its compiled form; throws {@link MachineError}. */
export function compileMachine(fsm: FsmDescriptor): CompiledMachine {
  const known = cache.get(fsm);
  if (known !== undefined) return known;
  const compiled = compile(fsm);
  cache.set(fsm, compiled);
  return compiled;
}

function fail(code: CodeOf<'MachineError'>, message: string): never {
  throw new MachineError(code, message);
}

function stringArray(fsm: Record<string, unknown>, key: string): readonly string[] {
  const value = fsm[key] ?? [];
  if (!Array.isArray(value)) {
    fail(
      'MACHINE_BAD_SHAPE',
      `FSM '${key}' must be an array of strings, got ${describeValue(value)}`,
    );
  }
  for (const item of value as unknown[]) {
    if (typeof item !== 'string' || item.trim() === '') {
      fail(
        'MACHINE_BAD_SHAPE',
        `FSM '${key}' must hold non-empty strings, got ${describeValue(item)}`,
      );
    }
  }
  return value as string[];
}

function readMachine(fsm: Record<string, unknown>): Record<string, readonly MachineRow[]> {
  const machine = fsm.machine ?? {};
  if (!isPlainObject(machine)) {
    fail('MACHINE_BAD_SHAPE', `FSM 'machine' must be an object, got ${describeValue(machine)}`);
  }
  for (const [state, rows] of Object.entries(machine)) {
    if (!Array.isArray(rows)) {
      fail(
        'MACHINE_BAD_SHAPE',
        `FSM machine['${state}'] must be an array of rows, got ${describeValue(rows)}`,
      );
    }
    for (const row of rows as unknown[]) {
      if (!Array.isArray(row) || row.length !== 3 || typeof row[0] !== 'string') {
        fail(
          'MACHINE_BAD_ROW',
          `FSM machine['${state}'] row ${describeValue(row)} must be [event: string, action, nextState]`,
        );
      }
    }
  }
  return machine as Record<string, readonly MachineRow[]>;
}

function compile(fsm: FsmDescriptor): CompiledMachine {
  if (!isPlainObject(fsm)) {
    fail(
      'MACHINE_NOT_AN_OBJECT',
      `FSM descriptor must be a plain object, got ${describeValue(fsm)}`,
    );
  }
  const raw = fsm as unknown as Record<string, unknown>;
  const eventList = stringArray(raw, 'eventList');
  const stateList = stringArray(raw, 'stateList');
  const machine = readMachine(raw);

  checkStates(stateList, machine);
  const declarations = declareEvents(eventList);
  checkEvents(declarations, machine);

  const states = stateList.map((name, index): CompiledState => ({
    name,
    id: index + 1,
    rows: new Map<string, Transition>(),
    lastEvent: null,
    lastRow: undefined,
  }));
  const stateByName = new Map(states.map((state) => [state.name, state]));
  for (const state of states) {
    const rows = state.rows as Map<string, Transition>;
    for (const [eventName, action, next] of machine[state.name] ?? []) {
      rows.set(eventName, compileRow(state.name, eventName, action, next, stateByName, rows));
    }
  }
  const outputEvents = new Set<string>();
  for (const d of declarations.values()) if (d.output) outputEvents.add(d.name);
  return {
    states,
    stateByName,
    initial: states[0] ?? null,
    eventNames: [...declarations.keys()],
    outputEvents,
    lastOutput: '',
    declarations,
  };
}

function checkStates(stateList: readonly string[], machine: Record<string, readonly MachineRow[]>) {
  const declared = new Set<string>();
  for (const state of stateList) {
    if (declared.has(state)) {
      fail('MACHINE_DUPLICATED_STATE', `FSM state '${state}' is declared twice in stateList`);
    }
    declared.add(state);
  }
  for (const state of Object.keys(machine)) {
    if (!declared.has(state)) {
      fail(
        'MACHINE_UNDECLARED_STATE',
        `FSM machine state '${state}' is not declared in stateList (declared: ${listNames(declared)})`,
      );
    }
  }
  for (const state of stateList) {
    if (!Object.hasOwn(machine, state)) {
      fail(
        'MACHINE_UNDESCRIBED_STATE',
        `FSM state '${state}' of stateList has no entry in machine`,
      );
    }
  }
}

function declareEvents(eventList: readonly string[]): Map<string, EventDeclaration> {
  const declarations = new Map<string, EventDeclaration>();
  for (const entry of eventList) {
    const declaration = parseEventDeclaration(entry);
    if (declaration.name === '') {
      fail('MACHINE_BAD_SHAPE', `FSM eventList entry ${describeValue(entry)} has no event name`);
    }
    if (declarations.has(declaration.name)) {
      fail(
        'MACHINE_DUPLICATED_EVENT',
        `FSM event '${declaration.name}' is declared twice in eventList`,
      );
    }
    declarations.set(declaration.name, declaration);
  }
  return declarations;
}

function checkEvents(
  declarations: ReadonlyMap<string, EventDeclaration>,
  machine: Record<string, readonly MachineRow[]>,
) {
  const used = new Set<string>();
  for (const [state, rows] of Object.entries(machine)) {
    for (const [eventName] of rows) {
      if (!declarations.has(eventName)) {
        fail(
          'MACHINE_UNDECLARED_EVENT',
          `FSM machine['${state}'] uses event '${eventName}', not declared in eventList (declared: ${listNames(declarations.keys())})`,
        );
      }
      used.add(eventName);
    }
  }
  for (const declaration of declarations.values()) {
    if (!used.has(declaration.name) && !declaration.output) {
      fail(
        'MACHINE_UNUSED_EVENT',
        `FSM event '${declaration.name}' is declared but used in no state and not marked 'output'`,
      );
    }
  }
}

function compileRow(
  state: string,
  eventName: string,
  action: unknown,
  next: unknown,
  stateByName: ReadonlyMap<string, CompiledState>,
  rows: ReadonlyMap<string, Transition>,
): Transition {
  if (next !== null && next !== undefined && (typeof next !== 'string' || !stateByName.has(next))) {
    fail(
      'MACHINE_UNKNOWN_NEXT_STATE',
      `FSM machine['${state}'] event '${eventName}': next state ${describeValue(next)} must be null or one of ${listNames(stateByName.keys())}`,
    );
  }
  if (action !== null && action !== undefined && typeof action !== 'function') {
    fail(
      'MACHINE_ACTION_NOT_CALLABLE',
      `FSM machine['${state}'] event '${eventName}': action ${describeValue(action)} must be null or a function`,
    );
  }
  if (rows.has(eventName)) {
    fail(
      'MACHINE_DUPLICATED_TRANSITION',
      `FSM machine['${state}'] has two rows for event '${eventName}'`,
    );
  }
  return {
    eventName,
    action: (action ?? null) as Transition['action'],
    next: typeof next === 'string' ? (stateByName.get(next) ?? null) : null,
  };
}
