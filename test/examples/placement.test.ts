// The placement example (examples/placement/), run for real: a real-time test. Its main
// gaplic runs in a child process started here, with 'Calc' in a worker thread and 'Store'
// in a child process of its own; real workers cannot be driven by a TestClock, and the
// example's promise is that it runs and exits by itself, which only a real run shows
// (well under a second).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../examples/placement/main.js', import.meta.url));

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runMain(): Promise<Exit> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [MAIN], { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error === null) resolve({ code: 0, stdout, stderr });
      else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
      else reject(new Error('placement main did not exit by itself', { cause: error }));
    });
  });
}

describe('placement main', () => {
  test('placement main - Front, Calc (thread) and Store (process) exchange events, then it exits 0', async () => {
    const { code, stdout, stderr } = await runMain();
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.equal(lines.pop(), '', 'the output ends with a newline');
    assert.equal(lines.length, 8, stdout);
    // Ids vary: a thread id, a process id.
    assert.match(lines[0]!, /^Calc: running in a thread \(id \d+\)$/);
    assert.match(lines[1]!, /^Store: running in a process \(id \d+\)$/);
    assert.deepEqual(lines.slice(2), [
      'Front: refused at the sender: ROUTER_KW_CANNOT_CROSS',
      'Front: Calc/calculator answered EV_ADD: 5',
      'Front: Calc published EV_SAVED: stored 2+3',
      'Front: Store holds 2+3 = 5, stored by Calc',
      `Front: EV_NACK for 'EV_ADD' to Calc/abacus: GObj 'abacus' UNKNOWN (kw {"a":4,"b":5})`,
      'Front: Calc stopped, Store stopped',
    ]);
    // Nothing was in flight when it stopped: no fault is reported. Under load, a worker may
    // still hold the batch of Front's last ack (no event) when it is asked to stop, and
    // say so; nothing else.
    const reported = stderr
      .split('\n')
      .filter(
        (line) =>
          line !== '' &&
          !/^WARN GAplic:(Calc|Store): stopped with 1 queued events .*\[GAPLIC_STOPPED_WITH_QUEUE\]$/.test(
            line,
          ),
      );
    assert.deepEqual(reported, []);
  });
});
