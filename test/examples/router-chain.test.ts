// The router chain example (examples/router-chain/), run for real: a real-time test. A
// runs in a child process started here, and starts B and C as child processes of its
// own, each router on a free loopback port: roles travel between real routers over
// WebSocket, events are stored and forwarded by B, and all three processes stop by
// themselves once the exchange is over (well under a second).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../examples/router-chain/main.js', import.meta.url));

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
      else reject(new Error('router-chain main did not exit by itself', { cause: error }));
    });
  });
}

function linesOf(stdout: string, prefix: string): string[] {
  return stdout.split('\n').filter((line) => line.startsWith(`${prefix}: `));
}

describe('router chain example', () => {
  test('router chain example - A → B → C: roles travel, B forwards both ways, the reports show it; all exit 0', async () => {
    const { code, stdout, stderr } = await runMain();
    assert.equal(code, 0, stderr);
    const lines = stdout.split('\n');
    assert.equal(lines.pop(), '', 'the output ends with a newline');
    const listening = lines.filter((line) => line.startsWith('INFO '));
    assert.equal(listening.length, 2, stdout); // C's router, then B's
    for (const line of listening) {
      assert.match(line, /^INFO GRouter:router: listening on ws:\/\/127\.0\.0\.1:\d+$/);
    }
    assert.deepEqual(linesOf(stdout, 'C'), [
      "C: 'B' connected (roles bee)",
      "C: clerk got EV_ORDER (2 tea) from A/desk, sent to role 'sea'",
      "C: 'B' left (stopped (code 1001))",
    ]);
    assert.deepEqual(linesOf(stdout, 'B'), [
      "B: static route to 'C' open (roles sea)",
      "B: 'A' connected (roles ay)",
      "B: 'A' left (stopped (code 1001))",
    ]);
    assert.deepEqual(linesOf(stdout, 'A'), [
      // B's ack announced 'bee' and '*sea' (C's role, through B).
      "A: static route to 'B' open (roles bee, *sea)",
      'A: desk got EV_RECEIPT from C/clerk: order 1, 2 tea',
      'A: routes of B (roles bee):',
      "A:   to 'C': static, up, protocol 2, roles sea; events sent 1, received 1, acked 1, nacked 0",
      "A:   to 'A': dynamic, up, protocol 2, roles ay; events sent 1, received 2, acked 0, nacked 0",
      // B's new card announced '^ay' (A's role, back through B).
      'A: routes of C (roles sea):',
      "A:   to 'B': dynamic, up, protocol 2, roles bee ^ay; events sent 1, received 2, acked 1, nacked 0",
      'A: routes of A (roles ay):',
      "A:   to 'B': static, up, protocol 2, roles bee *sea; events sent 3, received 3, acked 3, nacked 0",
      'A: B exited with code 0',
      'A: C exited with code 0',
    ]);
    assert.equal(lines.length, 2 + 3 + 3 + 11, stdout);
    // Each peer leaves on purpose (close code 1001): no fault anywhere.
    assert.equal(stderr, '');
  });
});
