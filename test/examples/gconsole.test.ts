// The gconsole example (examples/gconsole/app.ini), run for real: gserve runs the composite
// (Front here, Calc in a thread, Store in a process; Front's router listening on a free
// port), and gconsole talks to each gaplic through Front from a script. A real-time test:
// threads, processes, sockets and signals cannot run on a TestClock.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runGconsole as gconsole } from '../fixtures/run-gconsole.js';

const GSERVE = fileURLToPath(new URL('../../src/cli/gserve.js', import.meta.url));
const BUILD = fileURLToPath(new URL('../../examples', import.meta.url));
const INI = fileURLToPath(new URL('../../../examples/gconsole/app.ini', import.meta.url));

describe('gconsole example', () => {
  let gserve: ChildProcessWithoutNullStreams;
  let url = '';
  let log = '';
  before(async () => {
    gserve = spawn(process.execPath, [GSERVE, INI, `build=${BUILD}`, 'port=0'], {
      stdio: 'pipe',
    });
    gserve.stderr.on('data', (d: Buffer) => (log += d.toString()));
    await new Promise<void>((resolve, reject) => {
      gserve.stdout.on('data', (d: Buffer) => {
        log += d.toString();
        url = /listening on (ws:\/\/\S+)/.exec(log)?.[1] ?? '';
        if (url !== '' && log.includes('Front: Store holds')) resolve();
      });
      gserve.on('close', (code) => reject(new Error(`gserve exited (${code}):\n${log}`)));
    });
  });
  after(async () => {
    const closed = once(gserve, 'close');
    gserve.kill('SIGTERM');
    const [code] = (await closed) as [number | null];
    assert.equal(code, 0, log);
    assert.doesNotMatch(log, /WARN|ERROR/, 'no setting unmatched, no fault');
  });

  test('gconsole example - Front: its gobjs and its desk', async () => {
    const run = await gconsole([url], 'gobjs\nshow desk\n');
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /^connected to 'Front' \(roles front\) at ws:\/\/127\.0\.0\.1:\d+ as /);
    assert.match(
      run.out,
      /^Front: 2 unique gobjs\n.*\ndesk +Desk +ST_IDLE\nrouter +GRouter +ST_IDLE\n/s,
    );
    assert.match(run.out, /^Front\/desk: Desk in state ST_IDLE$/m);
    assert.match(run.out, /^ {4}a +2\n {4}b +3$/m);
  });

  test('gconsole example - Calc through Front: a sum, and the broadcast it makes', async () => {
    const run = await gconsole(
      [url, '--name', 'Calc'],
      'gobjs\nsubscribe calculator EV_SAVED\nsend calculator EV_ADD {"a": 20, "b": 22}\nwait 0.5\n',
    );
    assert.equal(run.code, 0, run.err);
    assert.match(run.err, /; talking to Calc\n$/);
    const lines = run.out.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      'Calc: 2 unique gobjs',
      'name        gclass      state',
      '----------  ----------  -------',
      'calculator  Calculator  ST_IDLE',
      'router      GRouter     ST_IDLE',
    ]);
    assert.equal(lines[5], 'subscribed to Calc/calculator EV_SAVED');
    assert.equal(lines[6], 'EV_ADD -> 42');
    // Store keeps the sum (Calc asks it), then Calc broadcasts.
    assert.match(lines[7]!, /^\S+ Calc\/calculator EV_SAVED \{"reply":"stored 20\+22"\}$/);
    assert.equal(lines.length, 8);
  });

  test('gconsole example - Store by role: no inspection, but it answers', async () => {
    const run = await gconsole([url, '--role', 'store'], 'gobjs\nsend db EV_GET {"key": "2+3"}\n');
    assert.equal(run.code, 1);
    assert.equal(run.out, 'EV_GET -> {"value":5,"by":"Calc"}\n');
    assert.match(
      run.err,
      /\nerror: the gaplic of role 'store' does not allow inspection .* \[GCONSOLE_INSPECTION_REFUSED\]\n$/,
    );
  });
});
