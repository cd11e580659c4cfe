// Property-based tests of the timers: the internal EntryLists against a sorted-list model
// (lists per duration, out-of-order reschedules), and the public path GAplic.addTimeout /
// removeTimeout driven by a TestClock with advanceAndDrain.
// fast-check prints the seed and the shrunk counterexample when a property fails.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { EntryLists, type TimerEntry } from '../../src/gaplic/entry-lists.js';
import { GAplic, type TimerHandle } from '../../src/index.js';
import { advanceAndDrain, CaptureLogger, TestClock } from '../../src/testing/index.js';

const SEED = 424_242;

/** Deadlines with many ties (small integers and quarters) and arbitrary doubles. */
const deadlineArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 12 }).map((n) => n / 4) },
  {
    weight: 1,
    arbitrary: fc.double({ min: -5, max: 100, noNaN: true, noDefaultInfinity: true }),
  },
);

/** Timers round deadlines to the nanosecond (see src/gaplic/timers.ts). */
function roundNs(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e9;
}

/** (deadline, insertion) order. */
function before(
  a: { deadline: number; seq: number },
  b: { deadline: number; seq: number },
): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
}

// ---- EntryLists ---------------------------------------------------------------------------

type ListOp =
  | { readonly kind: 'schedule'; readonly items: readonly (readonly [number, number])[] }
  | { readonly kind: 'cancel'; readonly picks: readonly number[] }
  | { readonly kind: 'cancelMany'; readonly fraction: number; readonly pick: number }
  | { readonly kind: 'cancelAgain'; readonly pick: number }
  | { readonly kind: 'reschedule'; readonly pick: number; readonly deadline: number }
  | { readonly kind: 'pop'; readonly count: number }
  | { readonly kind: 'peek' };

/** Keys (durations) from a small set, so lists hold several entries, in any deadline order. */
const keyArb = fc.integer({ min: 0, max: 3 });
const itemArb = fc.tuple(deadlineArb, keyArb);

const listOpArb: fc.Arbitrary<ListOp> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('schedule' as const),
      items: fc.array(itemArb, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('schedule' as const),
      items: fc.array(itemArb, { minLength: 20, maxLength: 80 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('cancel' as const),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('cancelMany' as const),
      fraction: fc.double({ min: 0.4, max: 1, noNaN: true }),
      pick: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('cancelAgain' as const), pick: fc.nat() }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reschedule' as const),
      pick: fc.nat(),
      deadline: deadlineArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('pop' as const),
      count: fc.integer({ min: 1, max: 10 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'peek' as const }) },
);

interface ModelEntry {
  readonly entry: TimerEntry;
  deadline: number;
  seq: number;
  key: number;
  status: 'live' | 'cancelled' | 'popped';
}

/** The reference: every entry with its status; the earliest live one by (deadline, seq). */
class ListsModel {
  readonly entries: ModelEntry[] = [];
  #seq = 0;

  get live(): ModelEntry[] {
    return this.entries.filter((e) => e.status === 'live');
  }

  schedule(entry: TimerEntry, deadline: number, key: number): void {
    this.entries.push({ entry, deadline, seq: this.#seq++, key, status: 'live' });
  }

  reschedule(m: ModelEntry, deadline: number): void {
    m.deadline = deadline;
    m.seq = this.#seq++;
  }

  peek(): ModelEntry | undefined {
    let best: ModelEntry | undefined;
    for (const e of this.live) if (best === undefined || before(e, best)) best = e;
    return best;
  }

  pop(): ModelEntry | undefined {
    const top = this.peek();
    if (top !== undefined) top.status = 'popped';
    return top;
  }
}

function checkSame(lists: EntryLists, model: ListsModel): void {
  assert.equal(lists.size, model.live.length, 'live size');
  for (const m of model.entries) {
    assert.equal(m.entry.list !== null, m.status === 'live', `linked #${m.seq}`);
    assert.equal(m.entry.callback === null, m.status === 'cancelled', `callback of #${m.seq}`);
  }
}

describe('EntryLists properties', () => {
  test('EntryLists - schedule/cancel/reschedule/pop agree with a sorted-list model', () => {
    let reordered = 0;
    fc.assert(
      fc.property(fc.array(listOpArb, { maxLength: 60, size: 'medium' }), (ops) => {
        const lists = new EntryLists();
        const model = new ListsModel();
        const noop = (): void => {};
        for (const op of ops) {
          switch (op.kind) {
            case 'schedule':
              for (const [deadline, key] of op.items) {
                const entry = lists.schedule(deadline, noop, 0, key);
                assert.equal(entry.deadline, deadline);
                model.schedule(entry, deadline, key);
              }
              break;
            case 'cancel':
              for (const pick of op.picks) {
                const live = model.live;
                if (live.length === 0) break;
                const m = live[pick % live.length]!;
                assert.equal(lists.cancel(m.entry), true);
                m.status = 'cancelled';
              }
              break;
            case 'cancelMany': {
              const count = Math.ceil(model.live.length * op.fraction);
              for (let i = 0; i < count; i++) {
                const live = model.live;
                const m: ModelEntry = live[(op.pick + i * 7) % live.length]!;
                assert.equal(lists.cancel(m.entry), true);
                m.status = 'cancelled';
              }
              break;
            }
            case 'cancelAgain': {
              const cancelled = model.entries.filter((e) => e.status === 'cancelled');
              if (cancelled.length === 0) break;
              assert.equal(lists.cancel(cancelled[op.pick % cancelled.length]!.entry), false);
              break;
            }
            case 'reschedule': {
              const live = model.live;
              if (live.length === 0) break;
              const m = live[op.pick % live.length]!;
              const tail = model.live
                .filter((e) => e.key === m.key)
                .sort((x, y) => (before(x, y) ? -1 : 1))
                .at(-1)!;
              if (op.deadline < tail.deadline) reordered++;
              lists.reschedule(m.entry, op.deadline, m.key);
              model.reschedule(m, op.deadline);
              break;
            }
            case 'pop':
              for (let i = 0; i < op.count; i++) {
                assert.equal(lists.pop(), model.pop()?.entry);
              }
              break;
            case 'peek':
              assert.equal(lists.peek(), model.peek()?.entry);
              break;
          }
          checkSame(lists, model);
        }
        for (let expected = model.pop(); expected !== undefined; expected = model.pop()) {
          assert.equal(lists.pop(), expected.entry);
        }
        assert.equal(lists.pop(), undefined);
        assert.equal(lists.size, 0);
      }),
      { seed: SEED, numRuns: 300 },
    );
    // The generator reaches the walk that inserts before a list's tail.
    assert.ok(reordered >= 20, `only ${reordered} out-of-order reschedules`);
  });

  test('EntryLists - popping everything yields (deadline, insertion) order', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 200 }), (items) => {
        const lists = new EntryLists();
        const entries = items.map(([d, key]) => lists.schedule(d, () => {}, 0, key));
        const expected = entries
          .map((entry, seq) => ({ entry, deadline: entry.deadline, seq }))
          .sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0))
          .map((x) => x.entry);
        const popped: TimerEntry[] = [];
        for (let e = lists.pop(); e !== undefined; e = lists.pop()) popped.push(e);
        assert.equal(popped.length, expected.length);
        popped.forEach((e, i) => assert.equal(e, expected[i], `pop #${i}`));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

// ---- GAplic.addTimeout / removeTimeout with a TestClock -----------------------------------

type TimerOp =
  | { readonly kind: 'add'; readonly seconds: number; readonly cancelsOnFire: number | null }
  | { readonly kind: 'remove'; readonly pick: number }
  | { readonly kind: 'advance'; readonly seconds: number };

const secondsArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 16 }).map((n) => n / 8) },
  { weight: 1, arbitrary: fc.constant(0) },
  {
    weight: 2,
    arbitrary: fc.double({ min: 0, max: 3, noNaN: true, noDefaultInfinity: true }),
  },
);

const timerOpArb: fc.Arbitrary<TimerOp> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      seconds: secondsArb,
      cancelsOnFire: fc.option(fc.nat(), { nil: null, freq: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: secondsArb }),
  },
);

interface ModelTimer {
  readonly id: number;
  readonly deadline: number;
  handle: TimerHandle | null;
  status: 'live' | 'cancelled' | 'fired';
  /** The id of the timer this one removes when it fires, or null. */
  readonly cancels: number | null;
}

interface Run {
  readonly id: number;
  readonly now: number;
  /** What removeTimeout returned inside the callback, when it removed one. */
  readonly removed?: boolean;
}

describe('GAplic timer properties', () => {
  test('addTimeout - the callbacks that run are the non-cancelled ones, in (deadline, insertion) order, at their deadline', () => {
    const startArb = fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(startArb, fc.array(timerOpArb, { maxLength: 60 }), (start, ops) => {
        const clock = new TestClock(start);
        const logger = new CaptureLogger();
        const gaplic = new GAplic({ clock, logger });
        const timers: ModelTimer[] = [];
        const runs: Run[] = [];
        const expectedRuns: Run[] = [];
        const liveCount = () => timers.filter((t) => t.status === 'live').length;

        /** Fires, in the model, every live timer with deadline <= `until`. */
        const modelFireUntil = (until: number): void => {
          const due = timers
            .filter((t) => t.status === 'live' && t.deadline <= until)
            .sort((a, b) => (before({ ...a, seq: a.id }, { ...b, seq: b.id }) ? -1 : 1));
          for (const t of due) {
            if (t.status !== 'live') continue; // removed by an earlier callback
            t.status = 'fired';
            if (t.cancels === null) {
              expectedRuns.push({ id: t.id, now: t.deadline });
            } else {
              const target = timers[t.cancels]!;
              expectedRuns.push({ id: t.id, now: t.deadline, removed: target.status === 'live' });
              if (target.status === 'live') target.status = 'cancelled';
            }
          }
        };

        for (const op of ops) {
          switch (op.kind) {
            case 'add': {
              const id = timers.length;
              const cancels = op.cancelsOnFire === null ? null : op.cancelsOnFire % (id + 1);
              const timer: ModelTimer = {
                id,
                deadline: roundNs(clock.now() + op.seconds),
                handle: null,
                status: 'live',
                cancels,
              };
              timers.push(timer);
              timer.handle = gaplic.addTimeout(op.seconds, () => {
                if (cancels === null) {
                  runs.push({ id, now: clock.now() });
                } else {
                  const removed = gaplic.removeTimeout(timers[cancels]!.handle!);
                  runs.push({ id, now: clock.now(), removed });
                }
              });
              break;
            }
            case 'remove': {
              if (timers.length === 0) break;
              const t = timers[op.pick % timers.length]!;
              assert.equal(gaplic.removeTimeout(t.handle!), t.status === 'live');
              if (t.status === 'live') t.status = 'cancelled';
              break;
            }
            case 'advance': {
              const target = clock.now() + op.seconds;
              advanceAndDrain(gaplic, clock, op.seconds);
              modelFireUntil(target);
              break;
            }
          }
          assert.equal(gaplic.timerCount, liveCount(), 'timerCount');
          assert.equal(runs.length, expectedRuns.length, 'callbacks run so far');
        }
        // Finally let every remaining timer fire.
        const target = clock.now() + 10;
        advanceAndDrain(gaplic, clock, 10);
        modelFireUntil(target);
        assert.equal(gaplic.timerCount, 0);

        assert.deepEqual(
          runs.map((r) => [r.id, r.removed]),
          expectedRuns.map((r) => [r.id, r.removed]),
        );
        for (const run of runs) {
          const deadline = timers[run.id]!.deadline;
          assert.ok(run.now >= deadline, `#${run.id} ran at ${run.now} before ${deadline}`);
          // advanceAndDrain stops at each deadline: a callback runs at its own time.
          assert.ok(
            run.now - deadline <= 1e-9 * Math.max(1, Math.abs(deadline)),
            `#${run.id} ran at ${run.now}, late for ${deadline}`,
          );
        }
        assert.deepEqual(logger.lines, []);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('addTimeout - equal deadlines fire in insertion order, also when added at different times', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 })), {
          minLength: 1,
          maxLength: 40,
        }),
        (pairs) => {
          // Each pair (at, after): added at time at/4, due at (at + after)/4, so many are equal.
          const clock = new TestClock();
          const gaplic = new GAplic({ clock, logger: new CaptureLogger() });
          const order = pairs
            .map(([at, after], index) => ({ at, due: at + after, index }))
            .sort((a, b) => a.at - b.at || a.index - b.index);
          const fired: number[] = [];
          let t = 0;
          for (const timer of order) {
            advanceAndDrain(gaplic, clock, (timer.at - t) / 4);
            t = timer.at;
            gaplic.addTimeout((timer.due - timer.at) / 4, () => fired.push(timer.index));
          }
          advanceAndDrain(gaplic, clock, 5);
          const expected = order
            .map((timer, insertion) => ({ ...timer, insertion }))
            .sort((a, b) => a.due - b.due || a.insertion - b.insertion)
            .map((timer) => timer.index);
          assert.deepEqual(fired, expected);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
