// Process-wide registry (spec §2.5): the main gaplic (also a global app), other gaplics
// of the thread, global apps, lookups of gaplics and unique gobjs, postEventFromOutside
// and its errors, shutdown() and listGlobals().
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  addGlobalGAplic,
  GAplic,
  getGlobalApp,
  getGlobalGAplics,
  getGlobalMainGAplic,
  GObj,
  globalGetGAplic,
  globalGetGObj,
  listGlobals,
  postEventFromOutside,
  setGlobalApp,
  setGlobalMainGAplic,
  shutdown,
  type GEvent,
} from '../../src/index.js';
import { CaptureLogger, drain, resetGlobals, TestClock } from '../../src/testing/index.js';

const fsm = {
  eventList: ['EV_PING: top input'],
  stateList: ['ST_IDLE'],
  machine: {
    ST_IDLE: [['EV_PING', (gobj: Pinged, event: GEvent) => void gobj.received.push(event), null]],
  },
} as const;

class Pinged extends GObj<typeof fsm> {
  static override fsm = fsm;
  received: GEvent[] = [];
}

function makeGAplic(name: string): GAplic {
  return new GAplic({ name, clock: new TestClock(), logger: new CaptureLogger() });
}

afterEach(() => resetGlobals());

describe('globals', () => {
  test('setGlobalMainGAplic - sets the main gaplic and registers it as a global app', () => {
    const main = makeGAplic('main');
    assert.equal(getGlobalMainGAplic(), null);
    setGlobalMainGAplic(main);
    assert.equal(getGlobalMainGAplic(), main);
    assert.equal(getGlobalApp('main'), main);
    assert.equal(globalGetGAplic('main'), main);
  });

  test('setGlobalMainGAplic - an unnamed main gaplic is not registered as an app', () => {
    setGlobalMainGAplic(makeGAplic(''));
    assert.deepEqual(listGlobals().apps, []);
  });

  test('addGlobalGAplic - registers more gaplics; the main one is always listed first', () => {
    const a = makeGAplic('a');
    const main = makeGAplic('main');
    const b = makeGAplic('b');
    addGlobalGAplic(a);
    setGlobalMainGAplic(main);
    addGlobalGAplic(b);
    addGlobalGAplic(a);
    assert.deepEqual(getGlobalGAplics(), [main, a, b]);
    assert.equal(globalGetGAplic('b'), b);
    assert.equal(globalGetGAplic('zzz'), undefined);
    // Only the main gaplic becomes a global app.
    assert.equal(getGlobalApp('a'), undefined);
  });

  test('globalGetGObj - finds a unique gobj in any registered gaplic, or only in the named one', () => {
    const main = makeGAplic('main');
    const other = makeGAplic('other');
    setGlobalMainGAplic(main);
    addGlobalGAplic(other);
    const inMain = main.createGObj('db', Pinged, main, { uniqueName: true });
    const inOther = other.createGObj('db', Pinged, other, { uniqueName: true });
    const onlyOther = other.createGObj('cache', Pinged, other, { uniqueName: true });
    other.createGObj('plain', Pinged, other);
    assert.equal(globalGetGObj('db'), inMain);
    assert.equal(globalGetGObj('db', 'other'), inOther);
    assert.equal(globalGetGObj('cache'), onlyOther);
    assert.equal(globalGetGObj('cache', 'main'), undefined);
    assert.equal(globalGetGObj('plain'), undefined);
    assert.equal(globalGetGObj('db', 'nope'), undefined);
  });

  test('globalGetGObj - an unregistered gaplic is not searched', () => {
    const loose = makeGAplic('loose');
    loose.createGObj('db', Pinged, loose, { uniqueName: true });
    assert.equal(globalGetGObj('db'), undefined);
  });

  test('postEventFromOutside - queues the event for the unique gobj, with its kw and no source', () => {
    const main = makeGAplic('main');
    setGlobalMainGAplic(main);
    const target = main.createGObj('target', Pinged, main, { uniqueName: true });
    postEventFromOutside('main', 'target', 'EV_PING', { n: 1 });
    assert.equal(target.received.length, 0);
    assert.equal(main.queueLength, 1);
    drain(main);
    assert.equal(target.received.length, 1);
    const [event] = target.received as [GEvent];
    assert.equal(event.eventName, 'EV_PING');
    assert.deepEqual(event.kw, { n: 1 });
    assert.deepEqual(event.source, []);
    assert.equal(event.origin, undefined);
  });

  test('postEventFromOutside - reaches a running gaplic without runOnce', async () => {
    const clock = new TestClock();
    const main = new GAplic({ name: 'main', clock, logger: new CaptureLogger() });
    addGlobalGAplic(main);
    const target = main.createGObj('target', Pinged, main, { uniqueName: true });
    const stopped = main.start();
    postEventFromOutside('main', 'target', 'EV_PING');
    clock.flush();
    assert.equal(target.received.length, 1);
    assert.deepEqual(target.received[0]!.kw, {});
    main.stop();
    await stopped;
  });

  test('postEventFromOutside - an unknown gaplic throws GAPLIC_UNKNOWN_GAPLIC', () => {
    setGlobalMainGAplic(makeGAplic('main'));
    assert.throws(() => postEventFromOutside('nope', 'target', 'EV_PING'), {
      name: 'GAplicError',
      code: 'GAPLIC_UNKNOWN_GAPLIC',
      message: /'nope'/,
    });
  });

  test('postEventFromOutside - an unknown unique name throws GOBJ_UNKNOWN_UNIQUE_NAME', () => {
    const main = makeGAplic('main');
    setGlobalMainGAplic(main);
    main.createGObj('plain', Pinged, main);
    assert.throws(() => postEventFromOutside('main', 'plain', 'EV_PING'), {
      name: 'GObjError',
      code: 'GOBJ_UNKNOWN_UNIQUE_NAME',
      message: /'plain'/,
    });
    assert.equal(main.queueLength, 0);
  });

  test('postEventFromOutside - respects the queue bound (GAPLIC_QUEUE_FULL)', () => {
    const main = new GAplic({ name: 'main', maxQueueLength: 1, logger: new CaptureLogger() });
    setGlobalMainGAplic(main);
    main.createGObj('target', Pinged, main, { uniqueName: true });
    postEventFromOutside('main', 'target', 'EV_PING');
    assert.throws(() => postEventFromOutside('main', 'target', 'EV_PING'), {
      name: 'GAplicError',
      code: 'GAPLIC_QUEUE_FULL',
    });
  });

  test('shutdown - stops every registered gaplic, the main one last', async () => {
    const order: string[] = [];
    class Recording extends GAplic {
      override stop(): void {
        if (this.running) order.push(this.name);
        super.stop();
      }
    }
    const make = (name: string): Recording =>
      new Recording({ name, clock: new TestClock(), logger: new CaptureLogger() });
    const main = make('main');
    const a = make('a');
    const b = make('b');
    setGlobalMainGAplic(main);
    addGlobalGAplic(a);
    addGlobalGAplic(b);
    const all = [main, a, b].map((g) => g.start());
    await shutdown();
    await Promise.all(all);
    assert.deepEqual(
      [main, a, b].map((g) => g.running),
      [false, false, false],
    );
    assert.equal(order.at(-1), 'main');
    assert.deepEqual([...order].sort(), ['a', 'b', 'main']);
  });

  test('shutdown - with nothing registered, or gaplics not started, does nothing', async () => {
    await shutdown();
    const idle = makeGAplic('idle');
    addGlobalGAplic(idle);
    await shutdown();
    assert.equal(idle.running, false);
  });

  test('listGlobals - names the main gaplic, every gaplic and every app', () => {
    assert.deepEqual(listGlobals(), { main: null, gaplics: [], apps: [] });
    setGlobalMainGAplic(makeGAplic('main'));
    addGlobalGAplic(makeGAplic('worker'));
    setGlobalApp('web', { kind: 'wsgi' });
    assert.deepEqual(listGlobals(), {
      main: 'main',
      gaplics: ['main', 'worker'],
      apps: ['main', 'web'],
    });
  });

  test('setGlobalApp - stores any value by name; the last one wins; unknown is undefined', () => {
    const first = { id: 1 };
    const second = { id: 2 };
    setGlobalApp('web', first);
    assert.equal(getGlobalApp('web'), first);
    setGlobalApp('web', second);
    assert.equal(getGlobalApp('web'), second);
    assert.equal(getGlobalApp('nope'), undefined);
  });

  test('resetGlobals - forgets the main gaplic, the gaplics and the apps', () => {
    setGlobalMainGAplic(makeGAplic('main'));
    addGlobalGAplic(makeGAplic('other'));
    setGlobalApp('web', 1);
    resetGlobals();
    assert.equal(getGlobalMainGAplic(), null);
    assert.deepEqual(listGlobals(), { main: null, gaplics: [], apps: [] });
  });
});
