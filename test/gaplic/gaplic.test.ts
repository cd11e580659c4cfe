// GAplic (spec §2.4, DESIGN.md §5): options, roles, the unique-name registry, the
// run-to-completion queue driven by runOnce(), the started mode on a TestClock,
// addCallback, error reporting and the mtSubprocess hook. Timers: timers.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import {
  GAplic,
  GObj,
  realClock,
  type ErrorContext,
  type GAplicOptions,
  type GEvent,
} from '../../src/index.js';
import { CaptureLogger, drain, TestClock } from '../../src/testing/index.js';

/** What a Recorder saw: `<gobj name>:<event name>[:<kw.n>]`. */
type Log = string[];

function acRecord(gobj: Recorder, event: GEvent): unknown {
  const n = event.kw.n as number | string | undefined;
  gobj.log.push(`${gobj.name}:${event.eventName}${n === undefined ? '' : `:${String(n)}`}`);
  return gobj.onEvent?.(gobj, event);
}

function acBoom(_gobj: Recorder, event: GEvent): never {
  throw new Error(`boom ${String(event.kw.n)}`);
}

const recorderFsm = {
  eventList: ['EV_A: top input', 'EV_B: top input', 'EV_BOOM: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [
      ['EV_A', acRecord, null],
      ['EV_B', acRecord, null],
      ['EV_BOOM', acBoom, null],
    ],
  },
} as const;

/** Records every EV_A / EV_B into a shared log; `onEvent` adds behaviour per test. */
class Recorder extends GObj<typeof recorderFsm> {
  static override fsm = recorderFsm;
  log: Log = [];
  onEvent: ((gobj: Recorder, event: GEvent) => unknown) | null = null;
}

interface Fixture {
  gaplic: GAplic;
  clock: TestClock;
  logger: CaptureLogger;
  errors: { error: unknown; context: ErrorContext }[];
}

function setup(options: GAplicOptions = {}, withOnError = true): Fixture {
  const clock = new TestClock();
  const logger = new CaptureLogger();
  const errors: Fixture['errors'] = [];
  const gaplic = new GAplic({
    name: 'ga',
    clock,
    logger,
    ...(withOnError ? { onError: (error, context) => errors.push({ error, context }) } : {}),
    ...options,
  });
  return { gaplic, clock, logger, errors };
}

/** Recorders `names` under the gaplic, sharing one log. */
function recorders(gaplic: GAplic, ...names: string[]): { gobjs: Recorder[]; log: Log } {
  const log: Log = [];
  const gobjs = names.map((name) => {
    const gobj = gaplic.createGObj(name, Recorder, gaplic);
    gobj.log = log;
    return gobj;
  });
  return { gobjs, log };
}

describe('GAplic options', () => {
  test('GAplic - defaults: empty name and roles, real clock, batch 1024, bound 1e6', () => {
    const gaplic = new GAplic();
    assert.equal(gaplic.name, '');
    assert.deepEqual(gaplic.roles, []);
    assert.equal(gaplic.clock, realClock);
    assert.equal(gaplic.allUniqueNames, false);
    assert.equal(gaplic.queueBatchSize, 1024);
    assert.equal(gaplic.maxQueueLength, 1_000_000);
    assert.equal(gaplic.gaplic, gaplic);
    assert.equal(gaplic.running, false);
    assert.equal(gaplic.queueLength, 0);
    assert.equal(gaplic.timerCount, 0);
  });

  test('GAplic - keeps the options it is given', () => {
    const clock = new TestClock();
    const logger = new CaptureLogger();
    const gaplic = new GAplic({
      name: 'main',
      roles: ['db', 'web'],
      logger,
      clock,
      allUniqueNames: true,
      queueBatchSize: 7,
      maxQueueLength: 9,
    });
    assert.equal(gaplic.name, 'main');
    assert.equal(String(gaplic), 'main');
    assert.deepEqual(gaplic.roles, ['db', 'web']);
    assert.equal(gaplic.logger, logger);
    assert.equal(gaplic.clock, clock);
    assert.equal(gaplic.allUniqueNames, true);
    assert.equal(gaplic.queueBatchSize, 7);
    assert.equal(gaplic.maxQueueLength, 9);
  });

  test('GAplic - an unknown option throws GAPLIC_UNKNOWN_OPTION naming it', () => {
    assert.throws(() => new GAplic({ nmae: 'x' } as GAplicOptions), {
      name: 'GAplicError',
      code: 'GAPLIC_UNKNOWN_OPTION',
      message: /'nmae'/,
    });
    // The Python spelling is not accepted either.
    assert.throws(() => new GAplic({ router_enabled: true } as GAplicOptions), {
      name: 'GAplicError',
      code: 'GAPLIC_UNKNOWN_OPTION',
    });
  });

  test('GAplic - options that are not an object throw GAPLIC_BAD_OPTION', () => {
    for (const options of [null, 'main', 3]) {
      assert.throws(() => new GAplic(options as unknown as GAplicOptions), {
        name: 'GAplicError',
        code: 'GAPLIC_BAD_OPTION',
      });
    }
  });

  const badValues: [key: string, value: unknown][] = [
    ['name', 5],
    ['name', null],
    ['roles', 5],
    ['roles', ['a', '']],
    ['roles', ['a', 1]],
    ['roles', { a: 1 }],
    ['logger', {}],
    ['logger', { debug() {}, info() {}, warn() {} }],
    ['logger', 'console'],
    ['clock', {}],
    ['clock', { now: () => 0, setTimer() {}, clearTimer() {} }],
    ['clock', null],
    ['onError', 'log'],
    ['onError', null],
    ['allUniqueNames', 'yes'],
    ['allUniqueNames', 1],
    ['queueBatchSize', 0],
    ['queueBatchSize', 1.5],
    ['queueBatchSize', '3'],
    ['queueBatchSize', Infinity],
    ['maxQueueLength', 0],
    ['maxQueueLength', -1],
    ['maxQueueLength', NaN],
  ];
  for (const [key, value] of badValues) {
    test(`GAplic - option '${key}' = ${inspect(value)} throws GAPLIC_BAD_OPTION naming the key`, () => {
      assert.throws(() => new GAplic({ [key]: value }), {
        name: 'GAplicError',
        code: 'GAPLIC_BAD_OPTION',
        message: new RegExp(`'?${key}'?`),
      });
    });
  }
});

describe('GAplic roles', () => {
  test('GAplic - a list of roles is kept as given', () => {
    assert.deepEqual(new GAplic({ roles: ['db', 'web', 'db2'] }).roles, ['db', 'web', 'db2']);
  });

  test("GAplic - a string 'a, b c' is split on commas and spaces", () => {
    assert.deepEqual(new GAplic({ roles: 'a, b c' }).roles, ['a', 'b', 'c']);
    assert.deepEqual(new GAplic({ roles: ' solo ' }).roles, ['solo']);
  });

  test("GAplic - omitted or '' roles give [] (not [''] or [null] as in ginsfsm)", () => {
    assert.deepEqual(new GAplic().roles, []);
    assert.deepEqual(new GAplic({ roles: '' }).roles, []);
    assert.deepEqual(new GAplic({ roles: [] }).roles, []);
  });

  test('GAplic - roles are a frozen copy', () => {
    const given = ['a'];
    const gaplic = new GAplic({ roles: given });
    given.push('b');
    assert.deepEqual(gaplic.roles, ['a']);
    assert.ok(Object.isFrozen(gaplic.roles));
  });
});

describe('GAplic unique names', () => {
  test('findUniqueGObj - finds a gobj created with uniqueName, undefined otherwise', () => {
    const { gaplic } = setup();
    const db = gaplic.createGObj('db', Recorder, gaplic, { uniqueName: true });
    gaplic.createGObj('plain', Recorder, gaplic);
    assert.equal(gaplic.findUniqueGObj('db'), db);
    assert.equal(gaplic.findUniqueGObj('plain'), undefined);
    assert.equal(gaplic.findUniqueGObj('nobody'), undefined);
  });

  test('getUniqueNamedGObjs - lists the registered names in registration order', () => {
    const { gaplic } = setup();
    gaplic.createGObj('b', Recorder, gaplic, { uniqueName: true });
    gaplic.createGObj('x', Recorder, gaplic);
    gaplic.createGObj('a', Recorder, null, { uniqueName: true });
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), ['b', 'a']);
  });

  test('GAplic - allUniqueNames registers every named gobj, not the unnamed ones', () => {
    const { gaplic } = setup({ allUniqueNames: true });
    const named = gaplic.createGObj('named', Recorder, gaplic);
    gaplic.createGObj(null, Recorder, gaplic);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), ['named']);
    assert.equal(gaplic.findUniqueGObj('named'), named);
  });

  test('GAplic - a taken unique name throws GOBJ_UNIQUE_NAME_TAKEN and keeps the first', () => {
    const { gaplic } = setup();
    const first = gaplic.createGObj('db', Recorder, gaplic, { uniqueName: true });
    assert.throws(() => gaplic.createGObj('db', Recorder, gaplic, { uniqueName: true }), {
      name: 'GObjError',
      code: 'GOBJ_UNIQUE_NAME_TAKEN',
    });
    assert.equal(gaplic.findUniqueGObj('db'), first);
    assert.equal(gaplic.children.length, 1);
  });

  test('GAplic - destroying a gobj deregisters it and its unique descendants', () => {
    const { gaplic } = setup();
    const parent = gaplic.createGObj('parent', Recorder, gaplic, { uniqueName: true });
    gaplic.createGObj('child', Recorder, parent, { uniqueName: true });
    gaplic.destroyGObj(parent);
    assert.deepEqual(gaplic.getUniqueNamedGObjs(), []);
    const again = gaplic.createGObj('child', Recorder, gaplic, { uniqueName: true });
    assert.equal(gaplic.findUniqueGObj('child'), again);
  });
});

describe('GAplic queue (runOnce)', () => {
  test('postEvent - nothing is delivered until the gaplic iterates, then in posting order', () => {
    const { gaplic } = setup();
    const {
      gobjs: [a, b],
      log,
    } = recorders(gaplic, 'a', 'b');
    a!.postEvent(b!, 'EV_A', { n: 1 });
    b!.postEvent(a!, 'EV_B', { n: 2 });
    a!.postEvent(b!, 'EV_B', { n: 3 });
    assert.deepEqual(log, []);
    assert.equal(gaplic.queueLength, 3);
    assert.equal(gaplic.runOnce(), false);
    assert.deepEqual(log, ['b:EV_A:1', 'a:EV_B:2', 'b:EV_B:3']);
    assert.equal(gaplic.queueLength, 0);
  });

  test('postEvent - an event posted by an action is delivered after that action returns', () => {
    const { gaplic } = setup();
    const {
      gobjs: [a, b],
      log,
    } = recorders(gaplic, 'a', 'b');
    a!.onEvent = (gobj, event) => {
      if (event.eventName === 'EV_A') {
        gobj.postEvent(b!, 'EV_B', { n: 'posted' });
        log.push('a:end');
      }
    };
    b!.postEvent(a!, 'EV_A', { n: 1 });
    b!.postEvent(a!, 'EV_B', { n: 2 });
    drain(gaplic);
    // FIFO: the event posted from the action waits behind the one already queued.
    assert.deepEqual(log, ['a:EV_A:1', 'a:end', 'a:EV_B:2', 'b:EV_B:posted']);
  });

  test('postEvent - the delivered event keeps its source chain and kw', () => {
    const { gaplic } = setup();
    const {
      gobjs: [a, b],
    } = recorders(gaplic, 'a', 'b');
    let seen: GEvent | undefined;
    b!.onEvent = (_gobj, event) => (seen = event);
    a!.postEvent(b!, 'EV_A', { n: 5, extra: 'x' });
    drain(gaplic);
    assert.ok(seen);
    assert.deepEqual(seen.source, [a]);
    assert.deepEqual(seen.kw, { n: 5, extra: 'x' });
    assert.equal(seen.destination, b);
  });

  test('postEvent - a unique-name destination is resolved at delivery', () => {
    const { gaplic, logger } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.postEvent('late', 'EV_A', { n: 1 });
    const late = gaplic.createGObj('late', Recorder, gaplic, { uniqueName: true });
    late.log = log;
    a!.postEvent('never', 'EV_A', { n: 2 });
    drain(gaplic);
    assert.deepEqual(log, ['late:EV_A:1']);
    assert.equal(logger.messages('error').length, 1);
    assert.match(logger.messages('error')[0]!, /'EV_A' dropped.*'never'/);
  });

  test('postEvent - an event for a gobj destroyed meanwhile is dropped with a warning', () => {
    const { gaplic, logger } = setup();
    const {
      gobjs: [a, b],
      log,
    } = recorders(gaplic, 'a', 'b');
    a!.postEvent(b!, 'EV_A', { n: 1 });
    a!.postEvent(a!, 'EV_A', { n: 2 });
    gaplic.destroyGObj(b!);
    drain(gaplic);
    assert.deepEqual(log, ['a:EV_A:2']);
    assert.match(logger.messages('warn').join('\n'), /'EV_A' dropped: Recorder:b is destroyed/);
  });

  test('runOnce - delivers at most queueBatchSize events per call and reports work left', () => {
    const { gaplic } = setup({ queueBatchSize: 3 });
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    for (let n = 1; n <= 7; n++) a!.postEvent(a!, 'EV_A', { n });
    assert.equal(gaplic.runOnce(), true);
    assert.equal(log.length, 3);
    assert.equal(gaplic.runOnce(), true);
    assert.equal(log.length, 6);
    assert.equal(gaplic.runOnce(), false);
    assert.equal(log.length, 7);
    assert.deepEqual(
      log,
      [1, 2, 3, 4, 5, 6, 7].map((n) => `a:EV_A:${n}`),
    );
  });

  test('runOnce - events posted during a batch count toward the next batch only when over the size', () => {
    const { gaplic } = setup({ queueBatchSize: 2 });
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.onEvent = (gobj, event) => {
      if (event.kw.n === 1) gobj.postEvent(gobj, 'EV_B', { n: 'chained' });
    };
    a!.postEvent(a!, 'EV_A', { n: 1 });
    // One event queued, the batch allows two: the chained one is delivered in the same call.
    assert.equal(gaplic.runOnce(), false);
    assert.deepEqual(log, ['a:EV_A:1', 'a:EV_B:chained']);
  });

  test('runOnce - returns false on an idle gaplic and true while callbacks or due timers wait', () => {
    const { gaplic } = setup();
    assert.equal(gaplic.runOnce(), false);
    gaplic.addCallback(() => gaplic.addCallback(() => {}));
    assert.equal(gaplic.runOnce(), true);
    assert.equal(gaplic.runOnce(), false);
    gaplic.addCallback(() => gaplic.addTimeout(0, () => {}));
    assert.equal(gaplic.runOnce(), true);
    assert.equal(gaplic.timerCount, 1);
    assert.equal(gaplic.runOnce(), false);
    assert.equal(gaplic.timerCount, 0);
  });

  test('runOnce - a timer that is not yet due is not work left', () => {
    const { gaplic } = setup();
    gaplic.addTimeout(1, () => {});
    assert.equal(gaplic.runOnce(), false);
  });

  test('postEvent - beyond maxQueueLength throws GAPLIC_QUEUE_FULL and loses nothing queued', () => {
    const { gaplic } = setup({ maxQueueLength: 3 });
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    for (let n = 1; n <= 3; n++) a!.postEvent(a!, 'EV_A', { n });
    assert.throws(() => a!.postEvent(a!, 'EV_A', { n: 4 }), {
      name: 'GAplicError',
      code: 'GAPLIC_QUEUE_FULL',
      message: /maxQueueLength=3.*'EV_A'/,
    });
    assert.equal(gaplic.queueLength, 3);
    drain(gaplic);
    assert.deepEqual(log, ['a:EV_A:1', 'a:EV_A:2', 'a:EV_A:3']);
    // Room again once drained.
    a!.postEvent(a!, 'EV_A', { n: 4 });
    drain(gaplic);
    assert.equal(log.at(-1), 'a:EV_A:4');
  });

  test('runOnce - called from inside an iteration throws GAPLIC_REENTRANT_RUN', () => {
    const { gaplic, errors } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.onEvent = () => gaplic.runOnce();
    a!.postEvent(a!, 'EV_A', { n: 1 });
    a!.postEvent(a!, 'EV_A', { n: 2 });
    gaplic.addCallback(() => gaplic.runOnce());
    drain(gaplic);
    assert.equal(errors.length, 3);
    for (const { error } of errors) {
      assert.throws(
        () => {
          throw error;
        },
        { name: 'GAplicError', code: 'GAPLIC_REENTRANT_RUN' },
      );
    }
    assert.deepEqual(
      errors.map((e) => e.context.kind),
      ['callback', 'event', 'event'],
    );
    // The nested call did not deliver anything out of order.
    assert.deepEqual(log, ['a:EV_A:1', 'a:EV_A:2']);
    // After the iteration, runOnce works again.
    assert.equal(gaplic.runOnce(), false);
  });
});

describe('GAplic addCallback', () => {
  test('addCallback - runs on the next iteration, with its arguments, before queued events', () => {
    const { gaplic } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.postEvent(a!, 'EV_A', { n: 1 });
    gaplic.addCallback((x: number, y: string) => log.push(`cb:${x}:${y}`), 7, 'z');
    assert.deepEqual(log, []);
    gaplic.runOnce();
    assert.deepEqual(log, ['cb:7:z', 'a:EV_A:1']);
  });

  test('addCallback - callbacks run in order; one added by a callback waits a turn', () => {
    const { gaplic } = setup();
    const log: string[] = [];
    gaplic.addCallback(() => {
      log.push('first');
      gaplic.addCallback(() => log.push('nested'));
    });
    gaplic.addCallback(() => log.push('second'));
    assert.equal(gaplic.runOnce(), true);
    assert.deepEqual(log, ['first', 'second']);
    assert.equal(gaplic.runOnce(), false);
    assert.deepEqual(log, ['first', 'second', 'nested']);
  });

  test('addCallback - a non-function throws GAPLIC_BAD_CALLBACK', () => {
    const { gaplic } = setup();
    assert.throws(() => gaplic.addCallback('x' as unknown as () => void), {
      name: 'GAplicError',
      code: 'GAPLIC_BAD_CALLBACK',
    });
    assert.equal(gaplic.runOnce(), false);
  });
});

describe('GAplic started on a TestClock', () => {
  test('start - returns a promise that stop() resolves', async () => {
    const { gaplic } = setup();
    let resolved = false;
    const stopped = gaplic.start().then(() => (resolved = true));
    assert.equal(gaplic.running, true);
    await Promise.resolve();
    assert.equal(resolved, false);
    gaplic.stop();
    assert.equal(gaplic.running, false);
    await stopped;
    assert.equal(resolved, true);
  });

  test('start - a second start() while running returns the same promise', async () => {
    const { gaplic } = setup();
    const first = gaplic.start();
    const second = gaplic.start();
    assert.equal(second, first);
    gaplic.stop();
    await first;
  });

  test('start - posted events are drained by the clock (advance(0) or flush), not by runOnce', async () => {
    const { gaplic, clock } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    const stopped = gaplic.start();
    a!.postEvent(a!, 'EV_A', { n: 1 });
    assert.deepEqual(log, []);
    clock.advance(0);
    assert.deepEqual(log, ['a:EV_A:1']);
    a!.postEvent(a!, 'EV_A', { n: 2 });
    clock.flush();
    assert.deepEqual(log, ['a:EV_A:1', 'a:EV_A:2']);
    assert.equal(clock.now(), 0);
    gaplic.stop();
    await stopped;
  });

  test('start - events queued before start() are drained once it runs', async () => {
    const { gaplic, clock } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.postEvent(a!, 'EV_A', { n: 1 });
    gaplic.addCallback(() => log.push('cb'));
    clock.flush();
    assert.deepEqual(log, []);
    const stopped = gaplic.start();
    clock.flush();
    assert.deepEqual(log, ['cb', 'a:EV_A:1']);
    gaplic.stop();
    await stopped;
  });

  test('start - a long chain drains in several batches, each a separate deferred step', async () => {
    const { gaplic, clock } = setup({ queueBatchSize: 10 });
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.onEvent = (gobj, event) => {
      const n = event.kw.n as number;
      if (n < 95) gobj.postEvent(gobj, 'EV_A', { n: n + 1 });
    };
    const stopped = gaplic.start();
    a!.postEvent(a!, 'EV_A', { n: 1 });
    // Interleave: a deferred job queued now runs after the first batch only.
    let seenAt = -1;
    clock.defer(() => (seenAt = log.length));
    clock.flush();
    assert.equal(log.length, 95);
    assert.equal(seenAt, 10);
    gaplic.stop();
    await stopped;
  });

  test('start - at most one drain is pending at a time, each delivering one batch', async () => {
    // A clock whose deferred jobs the test runs one by one.
    class StepClock extends TestClock {
      readonly jobs: (() => void)[] = [];
      override defer(callback: () => void): void {
        this.jobs.push(callback);
      }
    }
    const clock = new StepClock();
    const gaplic = new GAplic({ clock, logger: new CaptureLogger(), queueBatchSize: 4 });
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.onEvent = (gobj, event) => {
      const n = event.kw.n as number;
      if (n < 20) gobj.postEvent(gobj, 'EV_A', { n: n + 1 });
    };
    const stopped = gaplic.start();
    gaplic.addCallback(() => gaplic.addCallback(() => {}));
    a!.postEvent(a!, 'EV_A', { n: 1 });
    const perStep: number[] = [];
    while (clock.jobs.length > 0) {
      assert.equal(clock.jobs.length, 1, `pending drains after ${log.length} events`);
      const before = log.length;
      clock.jobs.shift()!();
      perStep.push(log.length - before);
    }
    // (A last empty drain is harmless.)
    assert.deepEqual(
      perStep.filter((n) => n > 0),
      [4, 4, 4, 4, 4],
    );
    gaplic.stop();
    await stopped;
  });

  test('start - timers added before start() are armed by it', async () => {
    const { gaplic, clock } = setup();
    const fired: number[] = [];
    gaplic.addTimeout(1, () => fired.push(clock.now()));
    assert.equal(clock.pendingTimers, 0);
    const stopped = gaplic.start();
    assert.equal(clock.pendingTimers, 1);
    clock.advance(2);
    assert.deepEqual(fired, [1]);
    gaplic.stop();
    await stopped;
  });

  test('stop - disarms the host timer; timers stay scheduled and fire after the next start', async () => {
    const { gaplic, clock } = setup();
    let fired = 0;
    const stopped = gaplic.start();
    gaplic.addTimeout(1, () => fired++);
    gaplic.addTimeout(2, () => fired++, true);
    assert.equal(gaplic.timerCount, 2);
    gaplic.stop();
    await stopped;
    assert.equal(gaplic.timerCount, 2);
    assert.equal(clock.pendingTimers, 0);
    clock.advance(5);
    assert.equal(fired, 0);
    const restarted = gaplic.start();
    clock.advance(0);
    assert.equal(fired, 2); // the one-shot and one catch-up run of the periodic timer
    clock.advance(1);
    assert.equal(fired, 3); // back on the periodic grid: 2, 4, 6
    gaplic.stop();
    await restarted;
  });

  test('stop - keeps queued events (with a warning) for the next start or runOnce', async () => {
    const { gaplic, clock, logger } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    const stopped = gaplic.start();
    a!.postEvent(a!, 'EV_A', { n: 1 });
    a!.postEvent(a!, 'EV_A', { n: 2 });
    gaplic.stop();
    await stopped;
    assert.equal(gaplic.queueLength, 2);
    assert.equal(logger.messages('warn').length, 1);
    assert.match(logger.messages('warn')[0]!, /stopped with 2 queued events/);
    clock.flush();
    assert.deepEqual(log, []);
    drain(gaplic);
    assert.deepEqual(log, ['a:EV_A:1', 'a:EV_A:2']);
  });

  test('stop - called by an action, the rest of the batch stays queued', async () => {
    const { gaplic, clock, logger } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.onEvent = (_gobj, event) => {
      if (event.kw.n === 2) gaplic.stop();
    };
    const stopped = gaplic.start();
    for (let n = 1; n <= 5; n++) a!.postEvent(a!, 'EV_A', { n });
    clock.flush();
    await stopped;
    assert.deepEqual(log, ['a:EV_A:1', 'a:EV_A:2']);
    assert.equal(gaplic.queueLength, 3);
    assert.match(logger.messages('warn')[0] ?? '', /stopped with 3 queued events/);
    drain(gaplic);
    assert.deepEqual(log.slice(2), ['a:EV_A:3', 'a:EV_A:4', 'a:EV_A:5']);
  });

  test('stop - called by a timer, the later timers of the pass do not fire', async () => {
    const { gaplic, clock } = setup();
    const fired: string[] = [];
    const stopped = gaplic.start();
    gaplic.addTimeout(1, () => {
      fired.push('first');
      gaplic.stop();
    });
    gaplic.addTimeout(1, () => fired.push('second'));
    clock.advance(2);
    await stopped;
    assert.deepEqual(fired, ['first']);
  });

  test('stop - on a gaplic that is not running does nothing', () => {
    const { gaplic, logger } = setup();
    gaplic.stop();
    assert.equal(gaplic.running, false);
    assert.deepEqual(logger.lines, []);
  });

  test('start - a gaplic restarts after stop with a new promise', async () => {
    const { gaplic, clock } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    const first = gaplic.start();
    gaplic.stop();
    await first;
    const second = gaplic.start();
    assert.notEqual(second, first);
    assert.equal(gaplic.running, true);
    a!.postEvent(a!, 'EV_A', { n: 1 });
    gaplic.addTimeout(0.5, () => log.push('timer'));
    clock.advance(0.5);
    assert.deepEqual(log, ['a:EV_A:1', 'timer']);
    assert.equal(clock.pendingTimers, 1);
    gaplic.stop();
    await second;
    assert.equal(clock.pendingTimers, 0);
  });

  test('start - addCallback while running is run by the next drain', async () => {
    const { gaplic, clock } = setup();
    const seen: unknown[] = [];
    const stopped = gaplic.start();
    gaplic.addCallback((x: number) => seen.push(x), 42);
    clock.flush();
    assert.deepEqual(seen, [42]);
    gaplic.stop();
    await stopped;
  });

  test('start - a running gaplic keeps exactly one host timer armed', async () => {
    const { gaplic, clock } = setup();
    assert.equal(clock.pendingTimers, 0);
    const stopped = gaplic.start();
    // Idle: one far-future timer keeps the process alive.
    assert.equal(clock.pendingTimers, 1);
    const fired: number[] = [];
    gaplic.addTimeout(3, () => fired.push(clock.now()));
    gaplic.addTimeout(1, () => fired.push(clock.now()));
    gaplic.addTimeout(2, () => fired.push(clock.now()), true);
    gaplic.addTimeout(0.5, () => fired.push(clock.now()));
    assert.equal(clock.pendingTimers, 1);
    clock.advance(1);
    assert.deepEqual(fired, [0.5, 1]);
    assert.equal(clock.pendingTimers, 1);
    clock.advance(10);
    assert.deepEqual(fired, [0.5, 1, 2, 3, 4, 6, 8, 10]);
    assert.equal(clock.pendingTimers, 1);
    gaplic.stop();
    await stopped;
    assert.equal(clock.pendingTimers, 0);
  });
});

describe('GAplic error reporting', () => {
  test('onError - an exception in a queued action is reported with kind event and the event', () => {
    const { gaplic, errors } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.postEvent(a!, 'EV_BOOM', { n: 1 });
    a!.postEvent(a!, 'EV_A', { n: 2 });
    drain(gaplic);
    assert.equal(errors.length, 1);
    const [{ error, context }] = errors as [Fixture['errors'][number]];
    assert.ok(error instanceof Error);
    assert.equal(error.message, 'boom 1');
    assert.equal(context.kind, 'event');
    assert.equal(context.gaplic, gaplic);
    assert.equal(context.event?.eventName, 'EV_BOOM');
    assert.equal(context.event?.destination, a);
    // The queue goes on.
    assert.deepEqual(log, ['a:EV_A:2']);
  });

  test('onError - an exception in a callback is reported with kind callback', () => {
    const { gaplic, errors } = setup();
    const log: string[] = [];
    gaplic.addCallback(() => {
      throw new Error('cb failed');
    });
    gaplic.addCallback(() => log.push('next'));
    drain(gaplic);
    assert.deepEqual(
      errors.map((e) => [(e.error as Error).message, e.context.kind, e.context.event]),
      [['cb failed', 'callback', undefined]],
    );
    assert.deepEqual(log, ['next']);
  });

  test('onError - an exception in a timer is reported with kind timer; later timers still fire', () => {
    const { gaplic, clock, errors } = setup();
    const log: string[] = [];
    gaplic.addTimeout(1, () => {
      throw new Error('timer failed');
    });
    gaplic.addTimeout(1, () => log.push('same pass'));
    gaplic.addTimeout(2, () => log.push('later'));
    clock.advance(1);
    gaplic.runOnce();
    assert.deepEqual(
      errors.map((e) => [(e.error as Error).message, e.context.kind]),
      [['timer failed', 'timer']],
    );
    assert.deepEqual(log, ['same pass']);
    clock.advance(1);
    gaplic.runOnce();
    assert.deepEqual(log, ['same pass', 'later']);
  });

  test('onError - an exception in mtSubprocess is reported and the next iteration runs', () => {
    const clock = new TestClock();
    const errors: ErrorContext['kind'][] = [];
    let calls = 0;
    class Failing extends GAplic {
      override mtSubprocess(): void {
        calls++;
        throw new Error('hook failed');
      }
    }
    const gaplic = new Failing({
      clock,
      logger: new CaptureLogger(),
      onError: (_e, context) => errors.push(context.kind),
    });
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.postEvent(a!, 'EV_A', { n: 1 });
    gaplic.runOnce();
    gaplic.runOnce();
    assert.equal(calls, 2);
    assert.deepEqual(errors, ['hook', 'hook']);
    assert.deepEqual(log, ['a:EV_A:1']);
  });

  test('GAplic - without onError, uncaught errors go to the logger and the gaplic goes on', () => {
    const { gaplic, clock, logger } = setup({}, false);
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    a!.postEvent(a!, 'EV_BOOM', { n: 1 });
    a!.postEvent(a!, 'EV_A', { n: 2 });
    gaplic.addCallback(() => {
      throw new Error('cb failed');
    });
    gaplic.addTimeout(0, () => {
      throw new Error('timer failed');
    });
    clock.advance(0);
    drain(gaplic);
    assert.deepEqual(log, ['a:EV_A:2']);
    const lines = logger.messages('error');
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /uncaught error in timer: Error: timer failed/);
    assert.match(lines[1]!, /uncaught error in callback: Error: cb failed/);
    assert.match(lines[2]!, /uncaught error in event 'EV_BOOM' to ga\.a: Error: boom 1/);
  });

  test('onError - a hook that throws is logged along with the original error', () => {
    const { gaplic, logger } = setup({
      onError: () => {
        throw new Error('hook broke');
      },
    });
    const log: string[] = [];
    gaplic.addCallback(() => {
      throw new Error('original');
    });
    gaplic.addCallback(() => log.push('next'));
    drain(gaplic);
    const lines = logger.messages('error');
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /onError threw: Error: hook broke/);
    assert.match(lines[1]!, /uncaught error in callback: Error: original/);
    assert.deepEqual(log, ['next']);
  });

  test('onError - errors in started mode are reported and the gaplic keeps running', async () => {
    const { gaplic, clock, errors } = setup();
    const {
      gobjs: [a],
      log,
    } = recorders(gaplic, 'a');
    const stopped = gaplic.start();
    a!.postEvent(a!, 'EV_BOOM', { n: 1 });
    a!.postEvent(a!, 'EV_A', { n: 2 });
    gaplic.addTimeout(1, () => {
      throw new Error('timer failed');
    });
    gaplic.addTimeout(2, () => a!.postEvent(a!, 'EV_A', { n: 3 }));
    clock.advance(3);
    assert.deepEqual(
      errors.map((e) => e.context.kind),
      ['event', 'timer'],
    );
    assert.deepEqual(log, ['a:EV_A:2', 'a:EV_A:3']);
    assert.equal(gaplic.running, true);
    gaplic.stop();
    await stopped;
  });
});

describe('GAplic mtSubprocess', () => {
  class Counting extends GAplic {
    calls = 0;
    override mtSubprocess(): void {
      this.calls++;
    }
  }

  test('mtSubprocess - is called once per runOnce iteration', () => {
    const gaplic = new Counting({ clock: new TestClock(), logger: new CaptureLogger() });
    const {
      gobjs: [a],
    } = recorders(gaplic, 'a');
    gaplic.runOnce();
    assert.equal(gaplic.calls, 1);
    for (let n = 0; n < 5; n++) a!.postEvent(a!, 'EV_A', { n });
    gaplic.runOnce();
    gaplic.runOnce();
    assert.equal(gaplic.calls, 3);
  });

  test('mtSubprocess - runs once per drain and once per timer wake-up when started', async () => {
    const clock = new TestClock();
    const gaplic = new Counting({ clock, logger: new CaptureLogger(), queueBatchSize: 2 });
    const {
      gobjs: [a],
    } = recorders(gaplic, 'a');
    const stopped = gaplic.start();
    for (let n = 0; n < 5; n++) a!.postEvent(a!, 'EV_A', { n });
    clock.flush();
    // 5 events in batches of 2: three drains.
    assert.equal(gaplic.calls, 3);
    gaplic.addTimeout(1, () => {});
    gaplic.addTimeout(1, () => {});
    clock.advance(1);
    // Two timers due together: one wake-up.
    assert.equal(gaplic.calls, 4);
    gaplic.stop();
    await stopped;
  });
});
