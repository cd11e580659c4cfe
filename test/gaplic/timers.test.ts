// GAplic timers (spec §2.4 "Timers", §6.1 items 1-3 and 7; DESIGN.md §5): fractional
// seconds, deadlines never early, every due timer in one pass in (deadline, insertion)
// order, periodic timers on a fixed grid, catch-up after a stall, and argument errors.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GAplic, type TimerHandle } from '../../src/index.js';
import { CaptureLogger, TestClock } from '../../src/testing/index.js';
import { kNextDeadline } from '../../src/symbols.js';

function setup(): { gaplic: GAplic; clock: TestClock } {
  const clock = new TestClock();
  const gaplic = new GAplic({ name: 'ga', clock, logger: new CaptureLogger() });
  return { gaplic, clock };
}

/** Moves the clock to `time` (absolute) and runs one iteration. */
function runAt(gaplic: GAplic, clock: TestClock, time: number): void {
  clock.advance(time - clock.now());
  gaplic.runOnce();
}

describe('addTimeout', () => {
  test('addTimeout - fractional seconds fire at their deadline, not before', () => {
    const { gaplic, clock } = setup();
    const fired: number[] = [];
    gaplic.addTimeout(0.25, () => fired.push(clock.now()));
    runAt(gaplic, clock, 0.2);
    runAt(gaplic, clock, 0.249);
    assert.deepEqual(fired, []);
    runAt(gaplic, clock, 0.25);
    assert.deepEqual(fired, [0.25]);
    runAt(gaplic, clock, 5);
    assert.deepEqual(fired, [0.25]);
    assert.equal(gaplic.timerCount, 0);
  });

  test('addTimeout - a millisecond timer is not rounded to a coarser resolution', () => {
    const { gaplic, clock } = setup();
    const fired: number[] = [];
    const stopped = gaplic.start();
    gaplic.addTimeout(0.001, () => fired.push(clock.now()));
    clock.advance(0.01);
    assert.deepEqual(fired, [0.001]);
    gaplic.stop();
    return stopped;
  });

  test('addTimeout - every due timer fires in one pass, in (deadline, insertion) order', () => {
    const { gaplic, clock } = setup();
    const order: string[] = [];
    gaplic.addTimeout(0.5, () => order.push('a@0.5'));
    gaplic.addTimeout(0.25, () => order.push('b@0.25'));
    gaplic.addTimeout(0.5, () => order.push('c@0.5'));
    gaplic.addTimeout(0.25, () => order.push('d@0.25'));
    gaplic.addTimeout(0.75, () => order.push('e@0.75'));
    gaplic.addTimeout(2, () => order.push('late'));
    clock.advance(1);
    // ginsfsm fired one one-shot timer per loop turn; here one iteration fires all four.
    assert.equal(gaplic.runOnce(), false);
    assert.deepEqual(order, ['b@0.25', 'd@0.25', 'a@0.5', 'c@0.5', 'e@0.75']);
    assert.equal(gaplic.timerCount, 1);
  });

  test('addTimeout - when started, each timer fires at its own deadline, ties in insertion order', () => {
    const { gaplic, clock } = setup();
    const fired: string[] = [];
    const stopped = gaplic.start();
    for (const [name, seconds] of [
      ['x', 0.5],
      ['y', 0.25],
      ['z', 0.5],
      ['w', 0.25],
    ] as const) {
      gaplic.addTimeout(seconds, () => fired.push(`${name}@${clock.now()}`));
    }
    clock.advance(1);
    assert.deepEqual(fired, ['y@0.25', 'w@0.25', 'x@0.5', 'z@0.5']);
    gaplic.stop();
    return stopped;
  });

  test('addTimeout - zero seconds fires on the next iteration', () => {
    const { gaplic } = setup();
    let fired = 0;
    gaplic.addTimeout(0, () => fired++);
    assert.equal(fired, 0);
    gaplic.runOnce();
    assert.equal(fired, 1);
  });

  test('addTimeout - a timer added by a timer callback with 0 delay waits for the next pass', () => {
    const { gaplic, clock } = setup();
    const order: string[] = [];
    gaplic.addTimeout(1, () => {
      order.push('outer');
      gaplic.addTimeout(0, () => order.push('inner'));
    });
    clock.advance(1);
    assert.equal(gaplic.runOnce(), true);
    assert.deepEqual(order, ['outer']);
    assert.equal(gaplic.runOnce(), false);
    assert.deepEqual(order, ['outer', 'inner']);
  });

  test('addTimeout - a timer that re-adds itself with 0 delay cannot spin inside one pass', () => {
    const { gaplic } = setup();
    let runs = 0;
    const again = (): void => {
      runs++;
      gaplic.addTimeout(0, again);
    };
    gaplic.addTimeout(0, again);
    gaplic.runOnce();
    gaplic.runOnce();
    gaplic.runOnce();
    assert.equal(runs, 3);
  });

  test('addTimeout - timers in started mode are also delivered when the clock jumps past them', async () => {
    const { gaplic, clock } = setup();
    const fired: number[] = [];
    const stopped = gaplic.start();
    gaplic.addTimeout(0.5, () => fired.push(1));
    gaplic.addTimeout(0.5, () => fired.push(2));
    gaplic.addTimeout(1.5, () => fired.push(3));
    clock.advance(10);
    assert.deepEqual(fired, [1, 2, 3]);
    gaplic.stop();
    await stopped;
  });

  const badSeconds: unknown[] = [-1, -0.001, NaN, Infinity, '1', null, undefined];
  for (const seconds of badSeconds) {
    test(`addTimeout - seconds ${String(seconds)} throws GAPLIC_BAD_TIMEOUT`, () => {
      const { gaplic } = setup();
      assert.throws(() => gaplic.addTimeout(seconds as number, () => {}), {
        name: 'GAplicError',
        code: 'GAPLIC_BAD_TIMEOUT',
      });
      assert.equal(gaplic.timerCount, 0);
    });
  }

  test('addTimeout - a periodic timer under 1 ms throws GAPLIC_BAD_TIMEOUT (it would spin)', () => {
    const { gaplic } = setup();
    for (const seconds of [0, 1e-12, 0.0009]) {
      assert.throws(() => gaplic.addTimeout(seconds, () => {}, true), {
        name: 'GAplicError',
        code: 'GAPLIC_BAD_TIMEOUT',
        message: /expected at least 0\.001 for a periodic timer/,
      });
    }
    assert.equal(gaplic.timerCount, 0);
    gaplic.removeTimeout(gaplic.addTimeout(0.001, () => {}, true));
  });

  test('addTimeout - a callback that is not a function throws GAPLIC_BAD_CALLBACK', () => {
    const { gaplic } = setup();
    assert.throws(() => gaplic.addTimeout(1, 'cb' as unknown as () => void), {
      name: 'GAplicError',
      code: 'GAPLIC_BAD_CALLBACK',
    });
    assert.equal(gaplic.timerCount, 0);
  });
});

describe('removeTimeout', () => {
  test('removeTimeout - true for a pending timer, which then never fires', () => {
    const { gaplic, clock } = setup();
    let fired = 0;
    const handle = gaplic.addTimeout(1, () => fired++);
    gaplic.addTimeout(1, () => fired++);
    assert.equal(gaplic.removeTimeout(handle), true);
    assert.equal(gaplic.timerCount, 1);
    runAt(gaplic, clock, 2);
    assert.equal(fired, 1);
  });

  test('removeTimeout - false when already removed, already fired, or not a handle', () => {
    const { gaplic, clock } = setup();
    const removed = gaplic.addTimeout(1, () => {});
    const fired = gaplic.addTimeout(1, () => {});
    assert.equal(gaplic.removeTimeout(removed), true);
    assert.equal(gaplic.removeTimeout(removed), false);
    runAt(gaplic, clock, 1);
    assert.equal(gaplic.removeTimeout(fired), false);
    assert.equal(gaplic.removeTimeout(null as unknown as TimerHandle), false);
    assert.equal(gaplic.removeTimeout(42 as unknown as TimerHandle), false);
  });

  test('removeTimeout - a timer removed by an earlier timer of the same pass does not fire', () => {
    const { gaplic, clock } = setup();
    const order: string[] = [];
    let second: TimerHandle | null = null;
    gaplic.addTimeout(1, () => {
      order.push('first');
      assert.equal(gaplic.removeTimeout(second!), true);
    });
    second = gaplic.addTimeout(1, () => order.push('second'));
    runAt(gaplic, clock, 1);
    assert.deepEqual(order, ['first']);
  });

  test('removeTimeout - stops a periodic timer, also from its own callback', () => {
    const { gaplic, clock } = setup();
    let runs = 0;
    const handle = gaplic.addTimeout(
      0.5,
      () => {
        runs++;
        if (runs === 2) gaplic.removeTimeout(handle);
      },
      true,
    );
    for (let t = 0.5; t <= 3; t += 0.5) runAt(gaplic, clock, t);
    assert.equal(runs, 2);
    assert.equal(gaplic.timerCount, 0);
  });

  test('removeTimeout - a handle of another gaplic is refused and both counts stay right', () => {
    const { gaplic, clock } = setup();
    const other = setup();
    let fired = 0;
    const foreign = other.gaplic.addTimeout(1, () => fired++);
    gaplic.addTimeout(1, () => {});
    assert.equal(gaplic.removeTimeout(foreign), false);
    assert.equal(gaplic.timerCount, 1);
    assert.equal(other.gaplic.timerCount, 1);
    runAt(other.gaplic, other.clock, 1);
    assert.equal(fired, 1);
    assert.equal(other.gaplic.timerCount, 0);
    runAt(gaplic, clock, 1);
    assert.equal(gaplic.timerCount, 0);
  });

  test('removeTimeout - cancelling many timers keeps the rest in order', () => {
    const { gaplic, clock } = setup();
    const fired: number[] = [];
    const handles = Array.from({ length: 300 }, (_, i) =>
      gaplic.addTimeout((i % 10) + 1, () => fired.push(i)),
    );
    for (let i = 0; i < 300; i++) if (i % 3 !== 0) gaplic.removeTimeout(handles[i]!);
    assert.equal(gaplic.timerCount, 100);
    runAt(gaplic, clock, 20);
    const expected = Array.from({ length: 100 }, (_, k) => 3 * k).sort(
      (x, y) => (x % 10) - (y % 10) || x - y,
    );
    assert.deepEqual(fired, expected);
  });
});

describe('periodic timers', () => {
  test('addTimeout periodic - stays on the k*period grid when the callback runs late', () => {
    const { gaplic, clock } = setup();
    const runs: number[] = [];
    gaplic.addTimeout(0.5, () => runs.push(clock.now()), true);
    // Irregular steps, each run late; a drifting timer (rescheduled from run time, as in
    // ginsfsm) would be due at 1.125 after the first run and then miss 1.5.
    runAt(gaplic, clock, 0.625);
    runAt(gaplic, clock, 1.125);
    runAt(gaplic, clock, 1.5);
    runAt(gaplic, clock, 1.875);
    runAt(gaplic, clock, 1.99);
    assert.deepEqual(runs, [0.625, 1.125, 1.5]);
    runAt(gaplic, clock, 2);
    assert.deepEqual(runs, [0.625, 1.125, 1.5, 2]);
    assert.equal(gaplic[kNextDeadline](), 2.5);
  });

  test('addTimeout periodic - after a stall it fires once and rejoins its grid', () => {
    const { gaplic, clock } = setup();
    const runs: number[] = [];
    gaplic.addTimeout(0.5, () => runs.push(clock.now()), true);
    // Stalled past the deadlines 0.5, 1, 1.5 and 2.
    clock.advance(2.25);
    assert.equal(gaplic.runOnce(), false);
    assert.deepEqual(runs, [2.25]);
    assert.equal(gaplic[kNextDeadline](), 2.5);
    runAt(gaplic, clock, 2.49);
    assert.deepEqual(runs, [2.25]);
    runAt(gaplic, clock, 2.5);
    assert.deepEqual(runs, [2.25, 2.5]);
  });

  test('addTimeout periodic - a stall that ends exactly on a deadline rejoins at the next one', () => {
    const { gaplic, clock } = setup();
    const runs: number[] = [];
    gaplic.addTimeout(0.25, () => runs.push(clock.now()), true);
    runAt(gaplic, clock, 1);
    assert.deepEqual(runs, [1]);
    assert.equal(gaplic[kNextDeadline](), 1.25);
  });

  test('addTimeout periodic - started on a TestClock advanced by irregular steps', async () => {
    const { gaplic, clock } = setup();
    const runs: number[] = [];
    const stopped = gaplic.start();
    gaplic.addTimeout(0.25, () => runs.push(clock.now()), true);
    for (const step of [0.125, 0.375, 0.0625, 0.5625, 0.1875]) clock.advance(step);
    assert.deepEqual(runs, [0.25, 0.5, 0.75, 1, 1.25]);
    gaplic.stop();
    await stopped;
  });

  test('addTimeout periodic - a periodic timer and a one-shot with the same deadline keep insertion order', () => {
    const { gaplic, clock } = setup();
    const order: string[] = [];
    gaplic.addTimeout(0.5, () => order.push(`p@${clock.now()}`), true);
    gaplic.addTimeout(1, () => order.push(`once@${clock.now()}`));
    runAt(gaplic, clock, 0.5);
    runAt(gaplic, clock, 1);
    // The periodic one was re-inserted after the one-shot was added: it now comes second.
    assert.deepEqual(order, ['p@0.5', 'once@1', 'p@1']);
  });
});
