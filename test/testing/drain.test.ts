// drain / advanceAndDrain (ginsfsm/testing): drive a gaplic that is not started, so
// queued events, callbacks and timers run deterministically, each timer at its own time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GAplic, GObj, type GEvent } from '../../src/index.js';
import { advanceAndDrain, CaptureLogger, drain, TestClock } from '../../src/testing/index.js';

function acSeen(gobj: Sink, event: GEvent): void {
  gobj.seen.push(`${event.eventName}:${String(event.kw.n)}@${gobj.gaplic!.clock.now()}`);
  const next = gobj.next;
  if (next !== null && (event.kw.n as number) < next) {
    gobj.postEvent(gobj, 'EV_IN', { n: (event.kw.n as number) + 1 });
  }
}

const fsm = {
  eventList: ['EV_IN: top input'],
  stateList: ['ST_IDLE'],
  machine: { ST_IDLE: [['EV_IN', acSeen, null]] },
} as const;

class Sink extends GObj<typeof fsm> {
  static override fsm = fsm;
  seen: string[] = [];
  /** Chain: each EV_IN posts the next one until n reaches `next`. */
  next: number | null = null;
}

function setup(batch = 1024): { gaplic: GAplic; clock: TestClock; sink: Sink } {
  const clock = new TestClock();
  const gaplic = new GAplic({ clock, logger: new CaptureLogger(), queueBatchSize: batch });
  return { gaplic, clock, sink: gaplic.createGObj('sink', Sink, gaplic) };
}

describe('drain', () => {
  test('drain - runs iterations until no work is left and returns how many ran', () => {
    const { gaplic, sink } = setup(3);
    assert.equal(drain(gaplic), 1);
    sink.next = 10;
    sink.postEvent(sink, 'EV_IN', { n: 1 });
    // Ten chained events in batches of three: four iterations.
    assert.equal(drain(gaplic), 4);
    assert.equal(sink.seen.length, 10);
    assert.equal(gaplic.queueLength, 0);
  });

  test('drain - runs due timers and callbacks but does not move the clock', () => {
    const { gaplic, clock, sink } = setup();
    gaplic.addCallback(() => sink.postEvent(sink, 'EV_IN', { n: 1 }));
    gaplic.addTimeout(0, () => sink.postEvent(sink, 'EV_IN', { n: 2 }));
    gaplic.addTimeout(1, () => sink.postEvent(sink, 'EV_IN', { n: 3 }));
    drain(gaplic);
    assert.deepEqual(sink.seen, ['EV_IN:2@0', 'EV_IN:1@0']);
    assert.equal(clock.now(), 0);
    assert.equal(gaplic.timerCount, 1);
  });

  test('drain - throws when work never ends within maxIterations', () => {
    const { gaplic } = setup();
    let runs = 0;
    const again = (): void => {
      runs++;
      gaplic.addCallback(again);
    };
    gaplic.addCallback(again);
    assert.throws(() => drain(gaplic, 5), {
      name: 'GAplicError',
      code: 'GAPLIC_NEVER_IDLE',
      message: /drain: '' still had work after 5 iterations/,
    });
    assert.equal(runs, 5);
  });
});

describe('advanceAndDrain', () => {
  test('advanceAndDrain - runs each timer, and the events it causes, at its own time', () => {
    const { gaplic, clock, sink } = setup();
    gaplic.addTimeout(0.5, () => sink.postEvent(sink, 'EV_IN', { n: 1 }));
    gaplic.addTimeout(0.25, () => sink.postEvent(sink, 'EV_IN', { n: 2 }), true);
    gaplic.addTimeout(2, () => sink.postEvent(sink, 'EV_IN', { n: 3 }));
    advanceAndDrain(gaplic, clock, 1);
    assert.deepEqual(sink.seen, [
      'EV_IN:2@0.25',
      // Same deadline: the one-shot was added before the periodic one was re-inserted.
      'EV_IN:1@0.5',
      'EV_IN:2@0.5',
      'EV_IN:2@0.75',
      'EV_IN:2@1',
    ]);
    assert.equal(clock.now(), 1);
  });

  test('advanceAndDrain - drains what is queued before time moves', () => {
    const { gaplic, clock, sink } = setup();
    sink.postEvent(sink, 'EV_IN', { n: 1 });
    advanceAndDrain(gaplic, clock, 5);
    assert.deepEqual(sink.seen, ['EV_IN:1@0']);
    assert.equal(clock.now(), 5);
  });

  test('advanceAndDrain - timers added by timers inside the span also run at their time', () => {
    const { gaplic, clock } = setup();
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.now());
      if (fired.length < 10) gaplic.addTimeout(0.375, tick);
    };
    gaplic.addTimeout(0.375, tick);
    advanceAndDrain(gaplic, clock, 1.5);
    assert.deepEqual(fired, [0.375, 0.75, 1.125, 1.5]);
  });

  test('advanceAndDrain - a span of 0 only drains', () => {
    const { gaplic, clock, sink } = setup();
    gaplic.addTimeout(0, () => sink.postEvent(sink, 'EV_IN', { n: 1 }));
    advanceAndDrain(gaplic, clock, 0);
    assert.deepEqual(sink.seen, ['EV_IN:1@0']);
  });

  test('advanceAndDrain - a negative or NaN span throws GAPLIC_BAD_TIMEOUT before anything runs', () => {
    const { gaplic, clock, sink } = setup();
    gaplic.addTimeout(100, () => sink.postEvent(sink, 'EV_IN', { n: 1 }));
    for (const bad of [-1, NaN]) {
      assert.throws(() => advanceAndDrain(gaplic, clock, bad), { code: 'GAPLIC_BAD_TIMEOUT' });
    }
    assert.deepEqual(sink.seen, []);
    assert.equal(clock.now(), 0);
  });
});
