// Property-based tests of SMachine: random valid descriptors always construct, one
// mutation of a valid descriptor always throws the MachineError of that mutation, and
// random event sequences agree with a reference model of the table.
// fast-check prints the seed and the shrunk counterexample when a property fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  EventNotAccepted,
  SMachine,
  type ErrorCode,
  type EventLike,
  type FsmDescriptor,
} from '../../src/index.js';
import { CaptureLogger } from '../../src/testing/index.js';

const SEED = 20_240_611;

// ---- the model of a valid descriptor ----------------------------------------------------

interface ActionModel {
  /** What the action returns. */
  readonly result: unknown;
  /** A state the action moves to with setNewState, or null. */
  readonly setState: string | null;
}

interface RowModel {
  readonly event: string;
  readonly action: ActionModel | null;
  readonly next: string | null;
}

interface EventModel {
  readonly name: string;
  readonly output: boolean;
  /** The eventList entry: the name with padding and attribute groups. */
  readonly declaration: string;
}

interface MachineModel {
  readonly states: readonly string[];
  readonly events: readonly EventModel[];
  /** Rows per state, in the order of `states`. */
  readonly rows: readonly (readonly RowModel[])[];
}

/** State and event names, including some that are properties of Object.prototype. */
const nameArb = fc.oneof(
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'EV A',
      'état',
      'a.b,c',
    ),
  },
);

const WORDS = ['top', 'bottom', 'input', 'ST_X', 'outputs'] as const;

/** An eventList entry for `name`: random padding, separators and attribute groups. */
function declarationArb(name: string, output: boolean): fc.Arbitrary<string> {
  return fc
    .record({
      padLeft: fc.constantFrom('', ' ', '  ', '\t'),
      padRight: fc.constantFrom('', ' ', '\t '),
      groups: fc.array(fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }), {
        minLength: output ? 1 : 0,
        maxLength: 3,
      }),
      outputGroup: fc.nat(),
      outputAt: fc.nat(),
      sep: fc.constantFrom(' ', ',', '.', ' , ', '  '),
    })
    .map(({ padLeft, padRight, groups, outputGroup, outputAt, sep }) => {
      const copy = groups.map((g): string[] => [...g]);
      if (output) {
        const group = copy[outputGroup % copy.length]!;
        group.splice(outputAt % (group.length + 1), 0, 'output');
      }
      return `${padLeft}${name}${padRight}${copy.map((g) => `:${sep}${g.join(sep)}`).join('')}`;
    });
}

function actionArb(states: readonly string[]): fc.Arbitrary<ActionModel> {
  return fc.record({
    result: fc.oneof(
      fc.integer(),
      fc.string({ maxLength: 4 }),
      fc.constant(undefined),
      fc.constant(null),
    ),
    setState:
      states.length === 0
        ? fc.constant(null)
        : fc.option(fc.constantFrom(...states), { nil: null, freq: 3 }),
  });
}

function rowArb(event: string, states: readonly string[]): fc.Arbitrary<RowModel> {
  return fc.record({
    event: fc.constant(event),
    action: fc.option(actionArb(states), { nil: null, freq: 4 }),
    next: fc.option(fc.constantFrom(...states), { nil: null, freq: 3 }),
  });
}

/** A random valid machine model. */
function machineModelArb(minStates = 0, minEvents = 0): fc.Arbitrary<MachineModel> {
  return fc
    .record({
      states: fc.uniqueArray(nameArb, { minLength: minStates, maxLength: 6 }),
      events: fc.uniqueArray(nameArb, { minLength: minEvents, maxLength: 8 }),
    })
    .chain(({ states, events }) =>
      fc
        .tuple(
          fc.tuple(
            ...states.map(() =>
              fc
                .shuffledSubarray(events)
                .chain((used) => fc.tuple(...used.map((event) => rowArb(event, states)))),
            ),
          ),
          fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
        )
        .chain(([rows, outputFlags]) => {
          const used = new Set(rows.flat().map((row) => row.event));
          const flags = events.map((name, i) => !used.has(name) || outputFlags[i]!);
          return fc
            .tuple(...events.map((name, i) => declarationArb(name, flags[i]!)))
            .map((declarations): MachineModel => ({
              states,
              rows,
              events: events.map((name, i) => ({
                name,
                output: flags[i]!,
                declaration: declarations[i]!,
              })),
            }));
        }),
    );
}

interface Fired {
  readonly state: string;
  readonly event: string;
  readonly stateInAction: string | null;
}

/** A mutable descriptor (so mutations can break it) built from a model. */
interface RawDescriptor {
  eventList: string[];
  stateList: string[];
  machine: Record<string, unknown[][]>;
}

function buildDescriptor(model: MachineModel, fired: Fired[] = []): RawDescriptor {
  const machine: Record<string, unknown[][]> = Object.fromEntries(
    model.states.map((state, i) => [
      state,
      model.rows[i]!.map((row) => [
        row.event,
        row.action === null ? null : makeAction(state, row.event, row.action, fired),
        row.next,
      ]),
    ]),
  );
  return {
    eventList: model.events.map((e) => e.declaration),
    stateList: [...model.states],
    machine,
  };
}

function makeAction(state: string, event: string, model: ActionModel, fired: Fired[]) {
  return (machine: SMachine): unknown => {
    fired.push({ state, event, stateInAction: machine.getCurrentState() });
    if (model.setState !== null) machine.setNewState(model.setState);
    return model.result;
  };
}

function construct(fsm: RawDescriptor): SMachine {
  return new SMachine(fsm as unknown as FsmDescriptor);
}

// ---- valid descriptors ------------------------------------------------------------------

describe('SMachine properties', () => {
  test('SMachine - random valid descriptors always construct', () => {
    fc.assert(
      fc.property(machineModelArb(), (model) => {
        const machine = construct(buildDescriptor(model));
        assert.equal(machine.getCurrentState(), model.states[0] ?? null);
        assert.equal(machine.getPreviousState(), null);
        assert.deepEqual(
          machine.getEventList(),
          model.events.map((e) => e.name),
        );
        assert.deepEqual(
          machine.getOutputEventList(),
          model.events.filter((e) => e.output).map((e) => e.name),
        );
        for (const e of model.events) assert.equal(machine.hasEvent(e.name), true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  // ---- one mutation, one error code -----------------------------------------------------

  interface Mutation {
    readonly code: ErrorCode;
    /** Breaks `fsm` in place; returns the texts the error message must contain. */
    readonly apply: (fsm: RawDescriptor) => string | string[];
  }

  function fresh(taken: Iterable<string>, prefix: string): string {
    const names = new Set(taken);
    for (let i = 0; ; i++) if (!names.has(`${prefix}${i}`)) return `${prefix}${i}`;
  }

  /** The (state index, row index) of every row of the model. */
  function rowPositions(model: MachineModel): [number, number][] {
    return model.rows.flatMap((rows, s) => rows.map((_, r): [number, number] => [s, r]));
  }

  function insertAt<T>(list: T[], at: number, item: T): void {
    list.splice(at % (list.length + 1), 0, item);
  }

  const NOT_CALLABLE = ['acGo', 0, 42, true, {}, [], Symbol('ac')] as const;
  const NOT_A_STATE = [0, 1, true, {}, [], ''] as const;

  /** For a valid model, the mutations that apply to it, each with random choices. */
  function mutationArb(model: MachineModel): fc.Arbitrary<Mutation> {
    const states = model.states;
    const eventNames = model.events.map((e) => e.name);
    const choices: fc.Arbitrary<Mutation>[] = [
      fc.tuple(fc.nat(), fc.boolean()).map(([at, copyRows]) => ({
        code: 'MACHINE_UNDECLARED_STATE',
        apply: (fsm) => {
          const name = fresh(states, 'ST_GHOST_');
          const rows =
            copyRows && states.length > 0 ? fsm.machine[states[at % states.length]!]! : [];
          fsm.machine[name] = [...rows];
          return `'${name}'`;
        },
      })),
      fc.tuple(fc.nat(), fc.boolean()).map(([at, byDeletion]) => ({
        code: 'MACHINE_UNDESCRIBED_STATE',
        apply: (fsm) => {
          if (byDeletion && states.length > 0) {
            const name = states[at % states.length]!;
            delete fsm.machine[name];
            return `'${name}'`;
          }
          const name = fresh(states, 'ST_LONELY_');
          insertAt(fsm.stateList, at, name);
          return `'${name}'`;
        },
      })),
      fc
        .tuple(fc.nat(), fc.constantFrom('', ' ', ': top input', ':bottom', ': outputs'))
        .map(([at, attrs]) => ({
          code: 'MACHINE_UNUSED_EVENT',
          apply: (fsm) => {
            const name = fresh(eventNames, 'EV_SPARE_');
            insertAt(fsm.eventList, at, `${name}${attrs}`);
            return `'${name}'`;
          },
        })),
    ];
    if (states.length > 0) {
      choices.push(
        fc.tuple(fc.nat(), fc.nat()).map(([which, at]) => ({
          code: 'MACHINE_DUPLICATED_STATE',
          apply: (fsm) => {
            const name = states[which % states.length]!;
            insertAt(fsm.stateList, at, name);
            return `'${name}'`;
          },
        })),
        fc.tuple(fc.nat(), fc.nat(), rowArb('-', states)).map(([which, at, row]) => ({
          code: 'MACHINE_UNDECLARED_EVENT',
          apply: (fsm) => {
            const name = fresh(eventNames, 'EV_STRAY_');
            insertAt(fsm.machine[states[which % states.length]!]!, at, [
              name,
              row.action === null ? null : () => row.action?.result,
              row.next,
            ]);
            return `'${name}'`;
          },
        })),
      );
    }
    if (eventNames.length > 0) {
      choices.push(
        fc.tuple(fc.nat(), fc.nat(), fc.boolean()).chain(([which, at, output]) =>
          declarationArb(eventNames[which % eventNames.length]!, output).map(
            (declaration): Mutation => ({
              code: 'MACHINE_DUPLICATED_EVENT',
              apply: (fsm) => {
                insertAt(fsm.eventList, at, declaration);
                return `'${eventNames[which % eventNames.length]!}'`;
              },
            }),
          ),
        ),
      );
    }
    const positions = rowPositions(model);
    if (positions.length > 0) {
      const rowAt = (fsm: RawDescriptor, pick: number) => {
        const [s, r] = positions[pick % positions.length]!;
        return { state: states[s]!, row: fsm.machine[states[s]!]![r]! };
      };
      choices.push(
        fc
          .tuple(fc.nat(), fc.option(fc.constantFrom(...NOT_A_STATE), { nil: null }))
          .map(([pick, notAString]) => ({
            code: 'MACHINE_UNKNOWN_NEXT_STATE',
            apply: (fsm) => {
              const { state, row } = rowAt(fsm, pick);
              const name = fresh(states, 'ST_NOWHERE_');
              row[2] = notAString ?? name;
              const texts = [`'${state}'`, `'${String(row[0])}'`];
              return notAString === null ? [...texts, `"${name}"`] : texts;
            },
          })),
        fc.tuple(fc.nat(), fc.constantFrom(...NOT_CALLABLE)).map(([pick, action]) => ({
          code: 'MACHINE_ACTION_NOT_CALLABLE',
          apply: (fsm) => {
            const { state, row } = rowAt(fsm, pick);
            row[1] = action;
            return [`'${state}'`, `'${String(row[0])}'`];
          },
        })),
        fc.tuple(fc.nat(), fc.nat(), rowArb('-', states)).map(([pick, at, copy]) => ({
          code: 'MACHINE_DUPLICATED_TRANSITION',
          apply: (fsm) => {
            const { state, row } = rowAt(fsm, pick);
            const rows = fsm.machine[state]!;
            insertAt(rows, at, [row[0], copy.action === null ? null : () => 0, copy.next]);
            return [`'${state}'`, `'${String(row[0])}'`];
          },
        })),
      );
    }
    return fc.oneof(...choices);
  }

  test('SMachine - one mutation of a valid descriptor throws the MachineError of that mutation', () => {
    const seenCodes = new Set<ErrorCode>();
    fc.assert(
      fc.property(
        machineModelArb().chain((model) =>
          mutationArb(model).map((mutation) => ({ model, mutation })),
        ),
        ({ model, mutation }) => {
          const fsm = buildDescriptor(model);
          const mentioned = mutation.apply(fsm);
          seenCodes.add(mutation.code);
          assert.throws(
            () => construct(fsm),
            (error: unknown) => {
              assert.ok(error instanceof Error);
              assert.equal(error.name, 'MachineError');
              assert.equal((error as { code?: unknown }).code, mutation.code);
              for (const text of [mentioned].flat()) {
                assert.ok(error.message.includes(text), `${error.message} lacks ${text}`);
              }
              return true;
            },
          );
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
    // Every mutation kind was exercised by this seed.
    assert.equal(seenCodes.size, 9, [...seenCodes].join(', '));
  });

  // ---- event sequences against a reference model ----------------------------------------

  /** The table as a plain map: state -> event -> row. */
  function tableOf(model: MachineModel): Map<string, Map<string, RowModel>> {
    return new Map(
      model.states.map((state, i) => [
        state,
        new Map(model.rows[i]!.map((row) => [row.event, row])),
      ]),
    );
  }

  const UNKNOWN_EVENTS = ['', 'EV_NEVER_DECLARED', '__proto__', 'constructor', 'toString'];

  test('SMachine - random event sequences match the reference model of the table', () => {
    const arb = machineModelArb(1, 1).chain((model) => {
      const names = [...model.events.map((e) => e.name), ...UNKNOWN_EVENTS];
      return fc.record({
        model: fc.constant(model),
        traced: fc.boolean(),
        events: fc.array(fc.tuple(fc.constantFrom(...names), fc.boolean()), { maxLength: 60 }),
      });
    });
    fc.assert(
      fc.property(arb, ({ model, traced, events }) => {
        const fired: Fired[] = [];
        const machine = construct(buildDescriptor(model, fired));
        const logger = new CaptureLogger();
        machine.logger = logger;
        machine.traceMach = traced;
        const table = tableOf(model);
        let current = model.states[0]!;
        let previous: string | null = null;
        const expectedFired: Fired[] = [];
        let expectedWarnings = 0;
        for (const [name, asObject] of events) {
          const event: string | EventLike = asObject ? { eventName: name } : name;
          const result = machine.injectEvent(event);
          const stateBefore = current;
          const row = table.get(current)?.get(name);
          if (row === undefined) {
            assert.equal(result, EventNotAccepted, `'${name}' in '${current}'`);
            expectedWarnings++;
          } else {
            if (row.next !== null) {
              previous = current;
              current = row.next;
            }
            if (row.action === null) {
              assert.equal(result, undefined);
            } else {
              // The row's next state is entered before the action runs.
              expectedFired.push({ state: stateBefore, event: name, stateInAction: current });
              if (row.action.setState !== null) {
                previous = current;
                current = row.action.setState;
              }
              assert.equal(result, row.action.result);
            }
          }
          assert.equal(machine.getCurrentState(), current);
          assert.equal(machine.getPreviousState(), previous);
          assert.deepEqual(fired, expectedFired);
          assert.equal(logger.messages('warn').length, expectedWarnings);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
