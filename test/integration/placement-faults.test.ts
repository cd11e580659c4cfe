// Faults of placement, with real threads and processes: a process killed (SIGKILL) in the
// middle of a 10,000-event stream, workers that fail to start, a worker that exits on an
// event, one that never answers stop(), and a restart limit. Each is reported with a
// code, nothing sent is unaccounted for, and the rest of the tree keeps working.
// Real time: real workers crash and restart; a TestClock cannot drive them.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import {
  GAplic,
  setGlobalMainGAplic,
  shutdown,
  type Fault,
  type WorkerExit,
} from '../../src/node.js';
import { resetGlobals } from '../../src/testing/index.js';
import { Client, until } from '../fixtures/client.js';
import { REMOTE_APPS, setupWorker, type Kind } from '../conformance/workers.js';

interface Main {
  main: GAplic;
  client: Client;
  faults: Fault[];
  running: Promise<void>;
}

function mainGAplic(): Main {
  const faults: Fault[] = [];
  const main = new GAplic({ name: 'Front', roles: ['front'], onFault: (f) => faults.push(f) });
  const client = main.createGObj('client', Client, main, { uniqueName: true });
  setGlobalMainGAplic(main);
  return { main, client, faults, running: main.start() };
}

afterEach(async () => {
  await shutdown();
  resetGlobals();
});

describe('placement faults - a crash in the middle of a stream', () => {
  test('kill -9 of a process during 10,000 events: each one answered once or nacked once', async () => {
    const { main, client, faults } = mainGAplic();
    const calc = setupWorker('process', {
      module: REMOTE_APPS,
      export: 'calcMain',
      name: 'Calc',
      roles: ['calc'],
      restart: 'on-crash',
      backoff: 0.05,
    });
    const crashes: WorkerExit[] = [];
    calc.on('crashed', (exit) => crashes.push(exit));
    await calc.start();
    const pid = calc.id!;
    const total = 10_000;
    let killed = false;
    for (let n = 0; n < total; n++) {
      main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, {
        a: n,
        b: 0,
        __subscribe_response__: true,
      });
      if (n % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
      if (!killed && client.named('EV_ADD').length > 2000) {
        process.kill(pid, 'SIGKILL');
        killed = true;
      }
    }
    const answered = (): number[] =>
      client.named('EV_ADD').map((r) => r.kw.__action_return__ as number);
    const nacked = (): number[] => client.named('EV_NACK').map((r) => (r.kw.kw as { a: number }).a);
    await until(
      () => answered().length + nacked().length >= total,
      20_000,
      'every event accounted',
    );
    assert.ok(killed, 'the process was killed during the stream');
    const a = answered();
    const k = nacked();
    assert.equal(new Set(a).size, a.length, 'no event answered twice');
    assert.equal(new Set(k).size, k.length, 'no event nacked twice');
    assert.deepEqual(
      [...a, ...k].sort((x, y) => x - y),
      Array.from({ length: total }, (_v, n) => n),
    );
    assert.ok(k.length > 0, 'events in flight at the crash were nacked');
    assert.deepEqual(crashes, [{ code: null, signal: 'SIGKILL' }]);
    assert.ok(faults.some((f) => f.code === 'WORKER_CRASHED' && /SIGKILL/.test(f.message)));
    // It restarted (with backoff) and serves again.
    await until(() => calc.status === 'running' && calc.restarts === 1, 10_000, 'the restart');
    assert.notEqual(calc.id, pid);
    const before = client.named('EV_ADD').length;
    main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, {
      a: 1,
      b: 1,
      __subscribe_response__: true,
    });
    await until(() => client.named('EV_ADD').length > before, 5000, 'an answer after the restart');
  });
});

describe('placement faults - workers that cannot start', () => {
  const cases: [string, string, string][] = [
    ['a factory that throws', 'brokenMain', 'WORKER_FACTORY_FAILED'],
    ['an export that is not a function', 'notAFactory', 'WORKER_BAD_EXPORT'],
    ['an export that does not exist', 'noSuchExport', 'WORKER_BAD_EXPORT'],
  ];
  for (const kind of ['thread', 'process'] as Kind[]) {
    for (const [what, exportName, code] of cases) {
      test(`${kind}: ${what} rejects start() with ${code}; the tree keeps working`, async () => {
        const { main, client } = mainGAplic();
        const good = setupWorker(kind, { module: REMOTE_APPS, export: 'calcMain', name: 'Calc' });
        const bad = setupWorker(kind, { module: REMOTE_APPS, export: exportName, name: 'Bad' });
        await good.start();
        await assert.rejects(bad.start(), { name: 'WorkerError', code });
        assert.equal(bad.status, 'failed');
        assert.equal(await bad.join(100), true);
        main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, {
          a: 2,
          b: 3,
          __subscribe_response__: true,
        });
        await until(() => client.named('EV_ADD').length === 1, 5000, 'the good worker answers');
        assert.equal(client.named('EV_ADD')[0]!.kw.__action_return__, 5);
      });
    }
    test(`${kind}: a module that does not exist rejects start() with WORKER_MODULE_NOT_FOUND`, async () => {
      mainGAplic();
      const bad = setupWorker(kind, { module: '/nowhere/app.js', name: 'Bad' });
      await assert.rejects(bad.start(), {
        code: 'WORKER_MODULE_NOT_FOUND',
        message: /\/nowhere\/app\.js/,
      });
    });
  }

  test('a bad spec throws WORKER_BAD_SPEC naming the field; a taken name WORKER_NAME_TAKEN', () => {
    mainGAplic();
    assert.throws(() => setupWorker('thread', { module: REMOTE_APPS, name: '' }), {
      code: 'WORKER_BAD_SPEC',
      message: /'name'/,
    });
    assert.throws(
      () =>
        setupWorker('thread', { module: REMOTE_APPS, name: 'X', restart: 'sometimes' as never }),
      { code: 'WORKER_BAD_SPEC', message: /'restart'/ },
    );
    assert.throws(() => setupWorker('thread', { module: REMOTE_APPS, name: 'Front' }), {
      code: 'WORKER_NAME_TAKEN',
    });
  });
});

describe('placement faults - exits and stops', () => {
  for (const kind of ['thread', 'process'] as Kind[]) {
    test(`${kind}: a worker that exits on an event is reported; what it held is nacked`, async () => {
      const { main, client, faults } = mainGAplic();
      const calc = setupWorker(kind, { module: REMOTE_APPS, export: 'calcMain', name: 'Calc' });
      await calc.start();
      main.sendEventOutside('Calc', '', 'adder', 'EV_EXIT', client);
      await until(() => calc.status === 'crashed', 5000, 'the crash');
      assert.ok(faults.some((f) => f.code === 'WORKER_CRASHED' && /exit code 3/.test(f.message)));
      main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, { a: 1, b: 1 });
      await until(() => client.named('EV_NACK').length >= 2, 5000, 'two nacks');
      const reasons = new Map(
        client.named('EV_NACK').map((r) => [r.kw.event_name, String(r.kw.error_message)]),
      );
      // The event it died on was in flight: nacked with the crash; the next finds no route.
      assert.match(reasons.get('EV_EXIT')!, /crashed: exit code 3/);
      assert.match(reasons.get('EV_ADD')!, /no route/);
      assert.equal(await calc.join(100), true);
    });

    test(`${kind}: a worker that never answers stop() is killed after stopTimeout`, async () => {
      const { faults } = mainGAplic();
      const stuck = setupWorker(kind, {
        module: REMOTE_APPS,
        export: 'stuckMain',
        name: 'Stuck',
        stopTimeout: 0.3,
      });
      await stuck.start();
      await stuck.stop();
      assert.equal(stuck.status, 'stopped');
      assert.ok(faults.some((f) => f.code === 'WORKER_STOP_TIMEOUT'));
    });
  }

  test('a worker crashing more often than its restart limit is given up (WORKER_GAVE_UP)', async () => {
    const { main, client, faults } = mainGAplic();
    const calc = setupWorker('thread', {
      module: REMOTE_APPS,
      export: 'calcMain',
      name: 'Calc',
      restart: 'on-crash',
      maxRestarts: 2,
      restartPeriod: 10,
      backoff: 0.01,
    });
    await calc.start();
    for (let round = 0; round < 3; round++) {
      await until(() => calc.status === 'running', 5000, `running (round ${round})`);
      main.sendEventOutside('Calc', '', 'adder', 'EV_EXIT', client);
      await until(() => calc.status !== 'running', 5000, `crash ${round}`);
    }
    await until(() => calc.status === 'failed', 5000, 'given up');
    assert.equal(calc.restarts, 2);
    assert.ok(faults.some((f) => f.code === 'WORKER_GAVE_UP'));
  });

  test('events sent while a worker restarts wait for it, then are delivered', async () => {
    const { main, client } = mainGAplic();
    const calc = setupWorker('thread', {
      module: REMOTE_APPS,
      export: 'calcMain',
      name: 'Calc',
      restart: 'on-crash',
      backoff: 0.2,
    });
    await calc.start();
    main.sendEventOutside('Calc', '', 'adder', 'EV_EXIT', client);
    await until(() => calc.status === 'restarting', 5000, 'restarting');
    main.sendEventOutside('Calc', '', 'adder', 'EV_ADD', client, {
      a: 4,
      b: 4,
      __subscribe_response__: true,
    });
    await until(() => client.named('EV_ADD').length === 1, 5000, 'the answer after the restart');
    assert.equal(client.named('EV_ADD')[0]!.kw.__action_return__, 8);
  });
});
