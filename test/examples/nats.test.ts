// The NATS example (examples/nats/), run for real: a real-time test. Its main process
// starts a nats-server of its own on a free loopback port, two cooks in processes of their
// own, and exchanges events with them by role, by name and guaranteed; everything stops by
// itself once the exchange is over (about 2 s).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { NATS_SERVER_BIN, NATS_SKIP } from '../fixtures/nats-server.js';

const MAIN = fileURLToPath(new URL('../../examples/nats/main.js', import.meta.url));
const DISHES = ['soup', 'salad', 'stew', 'pie', 'cake', 'tea'];

interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runMain(): Promise<Exit> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [MAIN],
      { timeout: 20_000, env: { ...process.env, NATS_SERVER: NATS_SERVER_BIN } },
      (error, stdout, stderr) => {
        if (error === null) resolve({ code: 0, stdout, stderr });
        else if (typeof error.code === 'number') resolve({ code: error.code, stdout, stderr });
        else reject(new Error('the nats example did not exit by itself', { cause: error }));
      },
    );
  });
}

describe('nats example', { skip: NATS_SKIP }, () => {
  test('nats example - three gaplics in three processes meet on one nats-server: by role, by name, guaranteed; all exit 0', async () => {
    const { code, stdout, stderr } = await runMain();
    assert.equal(code, 0, stderr);
    assert.equal(stderr, '');
    const lines = stdout.split('\n');
    assert.equal(lines.pop(), '', 'the output ends with a newline');
    assert.equal(lines[0], 'nats-server ready on 127.0.0.1 (JetStream on)');
    const connected = lines.filter((line) => line.startsWith('INFO '));
    assert.equal(connected.length, 3, stdout); // two cooks and Front
    for (const line of connected) {
      assert.match(line, /^INFO GRouter:router: connected to NATS at nats:\/\/127\.0\.0\.1:\d+$/);
    }
    const front = lines.filter((line) => line.startsWith('Front: '));
    assert.equal(front.length, DISHES.length + 3, stdout);
    DISHES.forEach((dish, i) =>
      assert.match(front[i]!, new RegExp(`^Front: ${dish} cooked by Cook[12]$`)),
    );
    assert.equal(front[DISHES.length], 'Front: the cooks cooked 6 orders');
    assert.match(front[DISHES.length + 1]!, /^Front: Cook[12] thanks for the tip$/);
    assert.equal(front.at(-1), 'Front: the cooks left, the server stopped');
    // Each order was cooked once, by the cook that answered it.
    const cooked = lines.filter((line) => / for Front\/waiter$/.test(line)).sort();
    const answered = front
      .slice(0, DISHES.length)
      .map((line) => line.replace(/^Front: (\w+) cooked by (\w+)$/, '$2: $1 for Front/waiter'))
      .sort();
    assert.deepEqual(cooked, answered);
    const tips = lines.filter((line) => line.endsWith(': a tip of 5 (guaranteed)'));
    assert.equal(tips.length, 1, stdout);
    assert.equal(tips[0]!.split(':')[0], front[DISHES.length + 1]!.split(' ')[1]);
  });
});
